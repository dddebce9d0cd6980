package io.pqrstuv.qrng.emulator.device;

import io.pqrstuv.qrng.emulator.wire.CommandTable;
import io.pqrstuv.qrng.emulator.wire.Codes;
import io.pqrstuv.qrng.emulator.wire.Frame;
import io.pqrstuv.qrng.emulator.wire.FrameParser;
import java.io.IOException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The device's side of one link: one thread that reads commands, answers them and sends random data,
 * so replies and data can never interleave wrongly.
 *
 * <p>It behaves like the QCicada's UART without flow control (notes §5.2): in continuous mode, data
 * the host does not take is dropped, never queued beyond what the link itself buffers; STOP ends the
 * stream at once and ACK + status are the last bytes sent; other commands during the stream put a NACK
 * into it. One-shot and signed data wait for a slow host, but not forever: data the host leaves
 * untaken for a second is lost, and ends the read. Commands that arrive while a one-shot is being
 * sent are answered after it, except STOP, which ends it.
 */
public final class Session implements Runnable {
    /** Data that a reading-but-slow host does not take within this time is lost. */
    static final long STALL_NANOS = 1_000_000_000L;
    private static final int IDLE_WAIT_MS = 200;
    private static final int UNLIMITED_CHUNK = 16 * 1024;
    private static final int PACED_CHUNK = 512;
    /** Commands kept while a one-shot is being sent; more are lost. */
    private static final int MAX_QUEUED = 64;
    private static final long NONE = -1;
    private static final long WAIT_ROOM = -2;

    private final Device device;
    private final HostLink link;
    private final CommandTable table;
    private final FrameParser parser;
    private final Consumer<String> log;
    private final Deque<Frame> queued = new ArrayDeque<>();
    private final byte[] in = new byte[16 * 1024];
    private final byte[] out = new byte[UNLIMITED_CHUNK + 128];
    private final long paceNanosPerByte;
    private int outOff;
    private int outLen;
    private long stalledSince;
    private boolean stalled;
    private boolean streaming;
    private int streamEpoch;
    private Transfer transfer;
    private long lineFreeNanos;
    private long partialsSeen;
    private volatile boolean stopped;

    public Session(Device device, HostLink link, CommandTable table, long partialTimeoutNanos, Consumer<String> log) {
        this.device = device;
        this.link = link;
        this.table = table;
        this.parser = new FrameParser(table, partialTimeoutNanos);
        this.log = log;
        long pace = link.dataPaceBytesPerSecond();
        this.paceNanosPerByte = pace > 0 ? Math.max(1, 1_000_000_000L / pace) : 0;
    }

    /** Ends the session (within a fraction of a second); the link is closed by the session thread. */
    public void stop() {
        stopped = true;
    }

    public boolean isStreaming() {
        return streaming;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                step();
            }
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                log.accept(link.describe() + ": link failed: " + e);
            }
        } finally {
            transfer = null;
            link.close();
        }
    }

    private void step() throws IOException {
        long now = System.nanoTime();
        if (device.faults().silent()) {
            silent();
            return;
        }
        expirePartial(now);
        byte[] garbage = device.injected().pollUnsolicited();
        if (garbage != null) {
            link.writeReply(garbage);
        }
        long due = pump(now);
        boolean wantRoom = due == WAIT_ROOM;
        int timeout;
        if (wantRoom) {
            timeout = 20;
        } else if (due == NONE) {
            timeout = IDLE_WAIT_MS;
        } else {
            timeout = (int) Math.min(IDLE_WAIT_MS, (due + 999_999) / 1_000_000);
        }
        if (parser.hasPartial()) {
            long ms = (parser.partialDeadlineNanos() - now + 999_999) / 1_000_000;
            timeout = (int) Math.max(0, Math.min(timeout, ms));
        }
        int ev = link.await(wantRoom, timeout);
        if ((ev & HostLink.CLOSED) != 0) {
            stopped = true;
            return;
        }
        if ((ev & HostLink.READABLE) != 0) {
            if (device.faults().silent()) {
                // went silent while waiting: what came is ignored like everything after
                if (link.read(in) < 0) {
                    stopped = true;
                }
                return;
            }
            readInput();
        }
    }

    private void silent() throws IOException {
        int ev = link.await(false, 100);
        if ((ev & HostLink.CLOSED) != 0) {
            stopped = true;
        } else if ((ev & HostLink.READABLE) != 0 && device.faults().silent()) {
            if (link.read(in) < 0) {
                stopped = true;
            }
        }
    }

    private void expirePartial(long now) {
        parser.expire(now);
        long d = parser.droppedPartials();
        if (d != partialsSeen) {
            device.countPartialDropped(d - partialsSeen);
            partialsSeen = d;
        }
    }

    private void readInput() throws IOException {
        int n = link.read(in);
        if (n < 0) {
            stopped = true;
            return;
        }
        if (n > 0) {
            parser.feed(in, 0, n, System.nanoTime(), this::onFrame);
            expirePartial(System.nanoTime());
        }
    }

    private void onFrame(Frame f) {
        device.countCommand();
        try {
            if (!streaming && transfer != null && f.known() && f.code() == Codes.STOP) {
                // STOP ends a one-shot or signed read too (a host reopening the port after leaving one
                // behind must not wait for it): what was not sent is lost, commands before it are
                // answered, then ACK + status are the last bytes
                device.countDropped(transfer.dataLeft + outLen);
                transfer = null;
                outLen = 0;
                stalled = false;
            }
            if (!streaming && (transfer != null || outLen > 0 || !queued.isEmpty())) {
                if (queued.size() < MAX_QUEUED) {
                    queued.add(f);
                } // else: the device's receive buffer overflowed, as a flooded UART's would
            } else {
                handle(f);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- data -------------------------------------------------------------------------------

    /** Sends what is due; returns NONE, WAIT_ROOM, or the nanoseconds until more data is due (0 = now). */
    private long pump(long now) throws IOException {
        if (outLen > 0 && !flushOut(now)) {
            return WAIT_ROOM;
        }
        if (streaming && device.epoch() != streamEpoch) {
            streaming = false;
        }
        if (transfer != null && transfer.dataLeft == 0) {
            byte[] trailer = transfer.trailer();
            transfer = null;
            if (trailer != null) {
                System.arraycopy(trailer, 0, out, 0, trailer.length);
                outOff = 0;
                outLen = trailer.length;
                paced(now, trailer.length);
                return flushOut(now) ? 0 : WAIT_ROOM;
            }
        }
        while (transfer == null && outLen == 0 && !queued.isEmpty()) {
            handle(queued.poll());
        }
        if (transfer == null && !streaming) {
            return NONE;
        }
        if (outLen > 0) {
            return 0;
        }
        if (paceNanosPerByte > 0 && lineFreeNanos - now > 1_000_000) {
            return lineFreeNanos - now - 1_000_000;
        }
        boolean unlimited = device.unlimited();
        int chunk = unlimited ? UNLIMITED_CHUNK : Math.max(PACED_CHUNK, device.blockSize());
        int want = transfer != null ? Math.min(transfer.dataLeft, chunk) : chunk;
        int atLeast = unlimited ? want : Math.min(want, device.blockSize());
        long wait = device.nanosUntil(now, atLeast);
        if (wait > 0) {
            return wait;
        }
        int got = device.take(now, want);
        if (got == 0) {
            return Math.max(1_000_000, device.nanosUntil(now, atLeast));
        }
        device.produce(out, 0, got);
        if (transfer != null) {
            transfer.consumed(out, 0, got);
        }
        outOff = 0;
        outLen = got;
        paced(now, got);
        return flushOut(now) ? 0 : WAIT_ROOM;
    }

    private void paced(long now, int n) {
        if (paceNanosPerByte > 0) {
            // a little lateness is made up, so the average stays at the line rate
            lineFreeNanos = Math.max(lineFreeNanos, now - 2_000_000) + n * paceNanosPerByte;
        }
    }

    /** Writes pending data; true when none is left (sent, or lost as a UART loses it). */
    private boolean flushOut(long now) throws IOException {
        int n = link.writeData(out, outOff, outLen);
        outOff += n;
        outLen -= n;
        if (outLen == 0) {
            stalled = false;
            return true;
        }
        if (streaming && !device.unlimited()) {
            // the generator does not wait: what the host does not take now is lost
            drop();
            return true;
        }
        if (!stalled || n > 0) {
            stalled = true;
            stalledSince = now;
            return false;
        }
        if (now - stalledSince > STALL_NANOS) {
            drop();
            if (transfer != null) {
                // the host stopped reading (or went away): the rest of this read is lost, and the
                // commands it sent meanwhile get their answers now, not after minutes of stalls
                device.countDropped(transfer.dataLeft);
                transfer = null;
            }
            return true;
        }
        return false;
    }

    private void drop() {
        device.countDropped(outLen);
        outLen = 0;
        stalled = false;
    }

    // ---- commands ---------------------------------------------------------------------------

    private void reply(byte[] b) throws IOException {
        byte[] replacement = device.injected().takeReplyReplacement();
        link.writeReply(replacement != null ? replacement : b);
    }

    private void reply(int code) throws IOException {
        reply(new byte[] {(byte) code});
    }

    private void reply(int code, byte[] payload) throws IOException {
        byte[] b = new byte[1 + payload.length];
        b[0] = (byte) code;
        System.arraycopy(payload, 0, b, 1, payload.length);
        reply(b);
    }

    private void nack() throws IOException {
        device.countNack();
        reply(Codes.NACK);
    }

    /** A command during continuous mode: a NACK in the stream, which carries on (notes §1.4). */
    private void nackInStream() throws IOException {
        device.countNack();
        if (!link.sharedStream()) {
            reply(Codes.NACK);
        } else if (outLen > 0) {
            if (outOff + outLen < out.length) {
                out[outOff + outLen] = (byte) Codes.NACK;
                outLen++;
            }
        } else {
            link.writeData(new byte[] {(byte) Codes.NACK}, 0, 1);
        }
    }

    private void handle(Frame f) throws IOException {
        long now = System.nanoTime();
        if (streaming) {
            if (f.known() && f.code() == Codes.STOP) {
                streaming = false;
                if (outLen > 0) {
                    device.countDropped(outLen);
                    outLen = 0;
                    stalled = false;
                }
                reply(device.status(now).ack());
            } else {
                nackInStream();
            }
            return;
        }
        if (!f.known()) {
            nack();
            return;
        }
        switch (f.code()) {
            case Codes.GET_STATUS, Codes.STOP -> reply(device.status(now).ack());
            case Codes.START -> start(f, now);
            case Codes.GET_CONFIG -> reply(Codes.CONFIG, device.config().encode());
            case Codes.SET_CONFIG -> {
                if (device.setConfig(f.payload()).isPresent()) {
                    nack();
                } else {
                    reply(device.status(now).ack());
                }
            }
            case Codes.GET_STATISTICS -> reply(Codes.STATISTICS, device.statistics(now).encode());
            case Codes.RESET -> {
                device.reset(now);
                reply(device.status(now).ack());
            }
            case Codes.GET_INFO -> reply(Codes.INFO, device.info().encode());
            case Codes.HASH_TEST_INIT -> {
                device.hashInit();
                reply(Codes.HASH_TEST_ACK);
            }
            case Codes.HASH_TEST_ACCUMULATE -> {
                int len = f.u16(0);
                if (len > Codes.MAX_CHUNK) {
                    nack();
                } else {
                    device.hashAccumulate(f.payload(), 2, len);
                    reply(Codes.HASH_TEST_ACK);
                }
            }
            case Codes.HASH_TEST_DIGEST -> reply(Codes.HASH_TEST_DIGEST_REPLY, device.hashDigest());
            case Codes.UPDATE_INIT -> reply(device.updateInit(f.u32(0)));
            case Codes.UPDATE_CHUNK -> reply(device.updateChunk(f.payload(), now));
            case Codes.SIGNED_READ -> signedRead(f, now);
            case Codes.GET_DEV_PUB_KEY -> {
                Attestation a = device.attestation();
                if (a == null) {
                    nack();
                } else {
                    reply(Codes.DEV_PUB_KEY, a.publicKey());
                }
            }
            case Codes.GET_DEV_CERTIFICATE -> {
                Attestation a = device.attestation();
                Optional<byte[]> cert = a == null ? Optional.empty() : a.certificate();
                if (cert.isEmpty()) {
                    nack();
                } else {
                    reply(Codes.DEV_CERTIFICATE, cert.get());
                }
            }
            case Codes.REBOOT -> {
                if (!magic(f)) {
                    nack();
                } else {
                    reply(Codes.CUSTOM_OK);
                    device.reboot(now);
                }
            }
            default -> {
                if (f.code() == table.certificateCode()) {
                    programCertificate(f);
                } else {
                    nack();
                }
            }
        }
    }

    private static boolean magic(Frame f) {
        return f.u8(0) == Codes.CUSTOM_MAGIC_0 && f.u8(1) == Codes.CUSTOM_MAGIC_1;
    }

    /** Whether a read of {@code len} bytes is refused: no data while a health failure stops output, or by policy. */
    private boolean refuseRead(int len, long now) {
        if (len == 0 || device.outputStoppedByHealth()) {
            return true;
        }
        return device.faults().nackReadsBeyondReady() && len > device.ready(now);
    }

    private void start(Frame f, long now) throws IOException {
        int mode = f.u8(0);
        int len = f.u16(1);
        if (mode == 0) {
            reply(device.status(now).ack());
            streaming = true;
            streamEpoch = device.epoch();
            lineFreeNanos = now;
        } else if (mode == 1) {
            if (refuseRead(len, now)) {
                nack();
                return;
            }
            reply(device.status(now).ack());
            transfer = new Transfer(len, null);
            lineFreeNanos = now;
        } else {
            nack();
        }
    }

    private void signedRead(Frame f, long now) throws IOException {
        int len = f.u16(0);
        Attestation a = device.attestation();
        if (a == null || refuseRead(len, now)) {
            nack();
            return;
        }
        Signature signer = a.newSigner();
        device.countSignedRead();
        reply(Codes.SIGNED_READ_REPLY);
        transfer = new Transfer(len, signer);
        lineFreeNanos = now;
    }

    private void programCertificate(Frame f) throws IOException {
        Attestation a = device.attestation();
        int program = f.u8(2 + Codes.SIGNATURE_LEN);
        if (a == null || !magic(f) || program > 1) {
            nack();
            return;
        }
        Optional<String> refused = a.program(f.slice(2, Codes.SIGNATURE_LEN), program == 1);
        if (refused.isPresent()) {
            log.accept("certificate programming refused: " + refused.get());
            nack();
        } else {
            reply(Codes.CUSTOM_OK);
        }
    }

    /** A one-shot or signed read being sent. */
    private static final class Transfer {
        int dataLeft;
        private final Signature signer;

        Transfer(int len, Signature signer) {
            this.dataLeft = len;
            this.signer = signer;
        }

        void consumed(byte[] b, int off, int len) {
            dataLeft -= len;
            if (signer != null) {
                try {
                    signer.update(b, off, len);
                } catch (SignatureException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** The signature over exactly the data, for a signed read. */
        byte[] trailer() {
            if (signer == null) {
                return null;
            }
            try {
                return signer.sign();
            } catch (SignatureException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
