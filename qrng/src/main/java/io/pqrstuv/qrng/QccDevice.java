package io.pqrstuv.qrng;

import io.pqrstuv.qrng.error.QccDisconnectedException;
import io.pqrstuv.qrng.error.QccException;
import io.pqrstuv.qrng.error.QccNackException;
import io.pqrstuv.qrng.error.QccProtocolException;
import io.pqrstuv.qrng.error.QccTimeoutException;
import io.pqrstuv.qrng.transport.QccEndpoint;
import io.pqrstuv.qrng.transport.QccTransport;
import io.pqrstuv.qrng.wire.Codes;
import io.pqrstuv.qrng.wire.Command;
import io.pqrstuv.qrng.wire.Frames;
import io.pqrstuv.qrng.wire.QccConfig;
import io.pqrstuv.qrng.wire.QccInfo;
import io.pqrstuv.qrng.wire.QccStatistics;
import io.pqrstuv.qrng.wire.QccStatus;
import io.pqrstuv.qrng.wire.UpdateResponse;
import io.pqrstuv.qrng.wire.UpdateStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * A QRNG speaking the Crypta Labs Cmd&amp;Ctrl protocol: every operation of pyqcc, typed, with one
 * overall deadline per call ({@link QccOptions}) and a typed exception for every failure, never
 * {@code null}.
 *
 * <p>Line discipline (notes §1.6, §2): when not streaming, input that is already waiting is
 * discarded before each command, so stale random bytes cannot pass for a reply; after a call that
 * may have left bytes in flight (a timeout, an unexpected reply) the next call first drains the line
 * until it is silent. STOP reads until the line is silent and takes the ACK and status from the last
 * six bytes. While continuous mode runs, only {@link #readContinuous}, {@link #stop()} and
 * {@link #close()} are allowed.
 *
 * <p>Thread-safe: calls are serialised on one lock. Not a secret holder: random data read is the
 * caller's to wipe.
 */
public class QccDevice implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final int STATUS_POLL_MILLIS = 50;

    private final ReentrantLock lock = new ReentrantLock();
    private final QccEndpoint endpoint;
    protected final QccOptions options;
    private QccTransport transport;
    private boolean streaming;
    private boolean dirty;
    /** The device sent what was not asked for: it may be streaming, which only a STOP ends for sure. */
    private boolean mayBeStreaming;
    private boolean closed;
    private boolean capOneShotsAtReady;
    private volatile QccStatus lastStatus;

    protected QccDevice(QccTransport transport, QccEndpoint endpoint, QccOptions options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.endpoint = endpoint;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Opens the device at {@code endpoint} with default options. */
    public static QccDevice open(QccEndpoint endpoint) throws IOException {
        return open(endpoint, QccOptions.defaults());
    }

    public static QccDevice open(QccEndpoint endpoint, QccOptions options) throws IOException {
        QccTransport t = endpoint.open(options.connectTimeout());
        return initialize(new QccDevice(t, endpoint, options));
    }

    /** Opens a serial device (tty, pty or a symlink to one) at 1,000,000 baud 8N1. */
    public static QccDevice openSerial(Path tty) throws IOException {
        return open(QccEndpoint.serial(tty), QccOptions.defaults());
    }

    public static QccDevice openSerial(Path tty, QccOptions options) throws IOException {
        return open(QccEndpoint.serial(tty), options);
    }

    /** Wraps a transport the caller opened (it cannot be reopened after a reboot). */
    public static QccDevice open(QccTransport transport, QccOptions options) throws IOException {
        return initialize(new QccDevice(transport, null, options));
    }

    /** Runs the open sequence on a new device, closing it if that fails. */
    protected static <T extends QccDevice> T initialize(T device) throws IOException {
        try {
            device.onOpen();
            return device;
        } catch (IOException | RuntimeException e) {
            device.close();
            throw e;
        }
    }

    /** The open sequence: STOP (the device may still stream for an earlier client) unless disabled. */
    protected void onOpen() throws IOException {
        if (options.stopOnOpen()) {
            try {
                stop();
            } catch (QccNackException e) {
                // Some firmware may refuse STOP when idle: the line is clean either way.
            }
        }
    }

    public QccOptions options() {
        return options;
    }

    /** The endpoint this device was opened from, or null for a caller-provided transport. */
    public QccEndpoint endpoint() {
        return endpoint;
    }

    /** The transport's description, e.g. {@code serial:/dev/ttyUSB0@1000000-8N1}. */
    public String describe() {
        return transport.describe();
    }

    /** The status carried by the latest ACK (any command), or null before the first one. */
    public QccStatus lastStatus() {
        return lastStatus;
    }

    /** True while continuous mode runs (between {@link #startContinuous()} and {@link #stop()}). */
    public boolean streaming() {
        return streaming;
    }

    // ---- queries ---------------------------------------------------------------------------

    /** GET_STATUS. */
    public QccStatus status() throws IOException {
        return locked(() -> {
            byte[] p = request(Frames.simple(Command.GET_STATUS), Command.GET_STATUS, options.responseTimeout());
            return remember(QccStatus.decode(p));
        });
    }

    /** GET_INFO. */
    public QccInfo info() throws IOException {
        return locked(() -> QccInfo.decode(request(Frames.simple(Command.GET_INFO), Command.GET_INFO,
                options.responseTimeout())));
    }

    /** GET_CONFIG. */
    public QccConfig config() throws IOException {
        return locked(() -> QccConfig.decode(request(Frames.simple(Command.GET_CONFIG), Command.GET_CONFIG,
                options.responseTimeout())));
    }

    /** SET_CONFIG: the whole 12-byte configuration (there are no partial updates). */
    public QccStatus setConfig(QccConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        return locked(() -> remember(QccStatus.decode(request(Frames.setConfig(config), Command.SET_CONFIG,
                options.responseTimeout()))));
    }

    /**
     * Read-modify-write: GET_CONFIG, apply {@code change}, SET_CONFIG, and GET_CONFIG again to check
     * that the device stored exactly what was sent. Returns the stored configuration.
     */
    public QccConfig updateConfig(UnaryOperator<QccConfig> change) throws IOException {
        return locked(() -> {
            QccConfig wanted = change.apply(config());
            setConfig(wanted);
            QccConfig stored = config();
            if (!Arrays.equals(stored.encode(), wanted.encode())) {
                throw new QccProtocolException("device stored a different configuration: sent "
                        + HEX.formatHex(wanted.encode()) + ", read back " + HEX.formatHex(stored.encode()));
            }
            return stored;
        });
    }

    /** GET_STATISTICS. */
    public QccStatistics statistics() throws IOException {
        return locked(() -> QccStatistics.decode(request(Frames.simple(Command.GET_STATISTICS), Command.GET_STATISTICS,
                options.responseTimeout())));
    }

    /** RESET: restarts generation (startup test) and clears the statistics. See {@link #awaitReady}. */
    public QccStatus reset() throws IOException {
        return locked(() -> remember(QccStatus.decode(request(Frames.simple(Command.RESET), Command.RESET,
                options.responseTimeout()))));
    }

    /**
     * Polls GET_STATUS until the device is initialized and its startup test has finished (after
     * power-up, RESET or a reboot). Health failures are returned, not thrown: the caller decides.
     */
    public QccStatus awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            QccStatus s = status();
            if (s.initialized() && !s.startupTestInProgress()) {
                return s;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new QccTimeoutException("device not ready after " + timeout.toMillis() + " ms: "
                        + String.join(", ", s.problems()), timeout);
            }
            sleep(Math.min(left, STATUS_POLL_MILLIS * 1_000_000L));
        }
    }

    // ---- random data -----------------------------------------------------------------------

    /** One-shot read of {@code n} bytes, 1..65,535. */
    public byte[] oneShot(int n) throws IOException {
        byte[] out = new byte[n];
        oneShot(out, 0, n);
        return out;
    }

    /**
     * One-shot read into {@code out[off..off+len)}, {@code len} 1..65,535: START(one-shot) → ACK +
     * status + {@code len} bytes. Returns the status the device sent before the data. The deadline
     * is {@code responseTimeout + len / minDataRate}. On failure the partial data is wiped.
     */
    public QccStatus oneShot(byte[] out, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, out.length);
        byte[] frame = Frames.oneShot(len); // validates 1..65535
        return locked(() -> {
            Duration timeout = options.dataTimeout(len);
            Reply r = exchange(frame, Command.START.name(), Codes.ACK, Codes.STATUS_LENGTH, timeout);
            QccStatus status = remember(QccStatus.decode(r.payload()));
            readDataFully(out, off, len, r.deadline(), timeout, "one-shot of " + len + " bytes", 1 + Codes.STATUS_LENGTH);
            return status;
        });
    }

    /** Checks a status before the data that follows it is accepted. */
    @FunctionalInterface
    public interface StatusCheck {
        void check(QccStatus status) throws QccException;

        /** Accepts any status. */
        StatusCheck NONE = s -> { };

        /** Refuses any status that is not {@link QccStatus#healthy()}. */
        StatusCheck HEALTHY = s -> {
            if (!s.healthy()) {
                throw new QccUnhealthyException(s);
            }
        };
    }

    /**
     * Fills {@code out[off..off+len)} of any length with one-shot reads of up to 65,535 bytes. A
     * device that NACKs one-shots longer than its ready pool (notes §1.4: the policy differs between
     * firmware) is detected on the first NACK; from then on requests are capped at the ready count
     * reported, waiting for the pool to refill. {@code check} sees the status of every one-shot
     * before its data is accepted; when it throws, that chunk is wiped.
     */
    public void readRandom(byte[] out, int off, int len, StatusCheck check) throws IOException {
        Objects.checkFromIndexSize(off, len, out.length);
        Objects.requireNonNull(check, "check");
        locked(() -> {
            int done = 0;
            long readyHint = Long.MAX_VALUE;
            QccStatus known = lastStatus;
            if (known == null || !known.healthy()) {
                // Not known to be healthy: ask first rather than start a read the device may hold
                // back (a startup test delays the data, a health failure stops it).
                check.check(status());
            }
            while (done < len) {
                int want = Math.min(len - done, Codes.MAX_ONE_SHOT);
                if (capOneShotsAtReady) {
                    if (readyHint <= 0 || readyHint == Long.MAX_VALUE) {
                        readyHint = awaitReadyBytes(Math.min(want, minimumOneShot()), check);
                    }
                    want = (int) Math.min(want, readyHint);
                }
                QccStatus s;
                try {
                    s = oneShot(out, off + done, want);
                } catch (QccNackException e) {
                    QccStatus now = status();
                    check.check(now);
                    if (now.readyBytes() >= want) {
                        throw e; // not a pool-size refusal
                    }
                    capOneShotsAtReady = true;
                    readyHint = now.readyBytes();
                    continue;
                } catch (QccTimeoutException e) {
                    // A device that stops sending may say why (health failure without generate_on_error).
                    QccStatus now;
                    try {
                        now = status();
                    } catch (QccException again) {
                        e.addSuppressed(again);
                        throw e;
                    }
                    if (!now.healthy()) {
                        QccUnhealthyException u = new QccUnhealthyException(now, e);
                        throw u;
                    }
                    throw e;
                }
                try {
                    check.check(s);
                } catch (QccException e) {
                    Arrays.fill(out, off + done, off + done + want, (byte) 0);
                    throw e;
                }
                readyHint = Math.max(0, s.readyBytes() - want);
                done += want;
            }
            return null;
        });
    }

    /** Smallest request worth waiting for when the pool is empty: one block of a real QCicada. */
    private static int minimumOneShot() {
        return 448;
    }

    private long awaitReadyBytes(int want, StatusCheck check) throws IOException {
        Duration timeout = options.dataTimeout(want);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            QccStatus s = status();
            check.check(s);
            if (s.readyBytes() >= want) {
                return s.readyBytes();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new QccTimeoutException("waiting for " + want + " ready bytes", s.readyBytes(), want, timeout);
            }
            sleep(Math.min(left, 20_000_000L));
        }
    }

    /** START(continuous): the device streams random data until {@link #stop()}. */
    public QccStatus startContinuous() throws IOException {
        return locked(() -> {
            QccStatus s = remember(QccStatus.decode(request(Frames.startContinuous(), Command.START,
                    options.responseTimeout())));
            streaming = true;
            return s;
        });
    }

    /** Reads exactly {@code n} bytes of the continuous stream. */
    public byte[] readContinuous(int n) throws IOException {
        byte[] out = new byte[n];
        readContinuous(out, 0, n);
        return out;
    }

    /**
     * Reads exactly {@code len} bytes of the continuous stream within
     * {@code responseTimeout + len / minDataRate}. Continuous mode stays on after a timeout.
     */
    public void readContinuous(byte[] out, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, out.length);
        locked(() -> {
            ensureOpen();
            if (!streaming) {
                throw new IllegalStateException("continuous mode is not running: call startContinuous() first");
            }
            Duration timeout = options.dataTimeout(len);
            readDataFully(out, off, len, System.nanoTime() + timeout.toNanos(), timeout,
                    "continuous read of " + len + " bytes", 0);
            dirty = false; // in continuous mode every byte is data
            return null;
        });
    }

    /** Reads what the stream has now, at least one byte (within responseTimeout), at most {@code len}. */
    int readContinuousSome(byte[] out, int off, int len) throws IOException {
        return locked(() -> {
            ensureOpen();
            if (!streaming) {
                return -1;
            }
            Duration timeout = options.dataTimeout(1);
            int n = transport.readData(out, off, len, System.nanoTime() + timeout.toNanos());
            if (n == 0) {
                throw new QccTimeoutException("continuous stream", 0, 1, timeout);
            }
            return n;
        });
    }

    /**
     * An {@code InputStream} over continuous mode: starts it on the first read if it is not
     * running, and STOPs it on {@code close()}. Each read returns what has arrived (at least one
     * byte) or throws {@link QccTimeoutException} when the stream stalls.
     */
    public InputStream continuousStream() {
        return new InputStream() {
            private boolean closedStream;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (closedStream) {
                    throw new IOException("stream closed");
                }
                if (len == 0) {
                    return 0;
                }
                if (!streaming) {
                    startContinuous();
                }
                return readContinuousSome(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (!closedStream) {
                    closedStream = true;
                    if (streaming && !closed) {
                        stop();
                    }
                }
            }
        };
    }

    /**
     * STOP: ends continuous mode (or just answers when idle). The device's last six bytes are ACK +
     * status; random data already in flight may come before them, so the line is read until it has
     * been silent for {@code stopSilence} and the reply is taken from the end (notes §1.6).
     */
    public QccStatus stop() throws IOException {
        return locked(() -> {
            ensureOpen();
            long start = System.nanoTime();
            long deadline = start + options.stopTimeout().toNanos();
            long firstByteDeadline = start + Math.min(options.stopTimeout().toNanos(), options.responseTimeout().toNanos());
            long stale = transport.discardInput();
            if (stale > 0) {
                trace("  discarded " + stale + " stale bytes");
            }
            send(Frames.simple(Command.STOP), "STOP");
            byte[] buf = new byte[16_384];
            byte[] tail = new byte[6];
            long total = 0;
            while (true) {
                long now = System.nanoTime();
                long until = Math.min(now + options.stopSilence().toNanos(), total == 0 ? firstByteDeadline : deadline);
                int n = transport.read(buf, 0, buf.length, until);
                if (n > 0) {
                    total += n;
                    keepTail(tail, buf, n);
                    if (total > options.stopMaxBytes()) {
                        dirty = true;
                        mayBeStreaming = true;
                        throw new QccProtocolException("STOP: the device did not stop (more than "
                                + options.stopMaxBytes() + " bytes after STOP)");
                    }
                    continue;
                }
                // Silence for stopSilence, or a deadline.
                // ACK + status as the last six bytes. A pause in the stream ending on 0x11 by chance is
                // further filtered by a plausible ready count (below 16 MiB: real pools are tens of kB).
                if (total >= 6 && (tail[0] & 0xFF) == Codes.ACK && tail[5] == 0) {
                    QccStatus s = QccStatus.decode(Arrays.copyOfRange(tail, 1, 6));
                    trace("← ACK " + HEX.formatHex(tail, 1, 6) + (total > 6 ? " after " + (total - 6) + " stream bytes" : ""));
                    transport.discardInput(); // datagrams still in flight on tcpudp
                    streaming = false;
                    dirty = false;
                    mayBeStreaming = false;
                    return remember(s);
                }
                if (total == 1 && (tail[5] & 0xFF) == Codes.NACK) {
                    trace("← NACK");
                    throw new QccNackException(Codes.STOP, "STOP");
                }
                long after = System.nanoTime();
                if (total == 0 && after - firstByteDeadline >= 0) {
                    dirty = true;
                    throw new QccTimeoutException("STOP: no response", 0, 6, Duration.ofNanos(firstByteDeadline - start));
                }
                if (after - deadline >= 0) {
                    dirty = true;
                    mayBeStreaming = true;
                    throw new QccProtocolException("STOP: " + total + " bytes arrived but they do not end in ACK + status ("
                            + HEX.formatHex(tail, (int) Math.max(0, 6 - total), 6) + ")");
                }
                // Not silent for long enough yet, or silent with no valid ending: keep listening.
            }
        });
    }

    private static void keepTail(byte[] tail, byte[] buf, int n) {
        if (n >= 6) {
            System.arraycopy(buf, n - 6, tail, 0, 6);
        } else {
            System.arraycopy(tail, n, tail, 0, 6 - n);
            System.arraycopy(buf, 0, tail, 6 - n, n);
        }
    }

    // ---- self-test and firmware -----------------------------------------------------------

    public void hashTestInit() throws IOException {
        locked(() -> request(Frames.simple(Command.HASH_TEST_INIT), Command.HASH_TEST_INIT, options.responseTimeout()));
    }

    /** Adds {@code len} ≤ 1024 bytes to the device's SHA-256. */
    public void hashTestAccumulate(byte[] data, int off, int len) throws IOException {
        byte[] frame = Frames.hashTestAccumulate(data, off, len);
        locked(() -> request(frame, Command.HASH_TEST_ACCUMULATE, options.responseTimeout()));
    }

    /** The device's SHA-256 of everything accumulated since HASH_TEST_INIT. */
    public byte[] hashTestDigest() throws IOException {
        return locked(() -> request(Frames.simple(Command.HASH_TEST_DIGEST), Command.HASH_TEST_DIGEST,
                options.responseTimeout()));
    }

    /**
     * The whole hash self-test over {@code data} as the vendor's CLI runs it (DIGEST, INIT,
     * ACCUMULATE in 1,024-byte frames, DIGEST), next to the host's SHA-256.
     */
    public HashTestResult hashTest(InputStream data) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return locked(() -> {
            hashTestDigest(); // the vendor's CLI starts with a DIGEST: it ends any earlier test
            hashTestInit();
            byte[] chunk = new byte[Codes.MAX_CHUNK];
            long total = 0;
            int n;
            while ((n = data.readNBytes(chunk, 0, chunk.length)) > 0) {
                hashTestAccumulate(chunk, 0, n);
                sha.update(chunk, 0, n);
                total += n;
            }
            return new HashTestResult(total, hashTestDigest(), sha.digest());
        });
    }

    public HashTestResult hashTest(byte[] data) throws IOException {
        return hashTest(new java.io.ByteArrayInputStream(data));
    }

    /** UPDATE_INIT with the image size. */
    public UpdateResponse updateInit(long imageSize) throws IOException {
        byte[] frame = Frames.updateInit(imageSize);
        return locked(() -> UpdateResponse.decode(request(frame, Command.UPDATE_INIT, options.responseTimeout())));
    }

    /** UPDATE_CHUNK of up to 1,024 bytes (zero-padded, checksum8 at payload offset 1026). */
    public UpdateResponse updateChunk(byte[] data, int off, int len) throws IOException {
        byte[] frame = Frames.updateChunk(data, off, len);
        return locked(() -> UpdateResponse.decode(request(frame, Command.UPDATE_CHUNK, options.responseTimeout())));
    }

    /** Receives firmware update progress. */
    @FunctionalInterface
    public interface UpdateProgress {
        void progress(long sent, long total);
    }

    /**
     * Sends a whole firmware image (notes §1.11): UPDATE_INIT, then chunks of 1,024 bytes, each
     * taken at the offset the device's {@code remaining} implies, until the device reports
     * TRANSFER_COMPLETED with nothing remaining. A chunk the device rejects with ERR_INVALID, or
     * NACKs, is sent again up to {@code updateRetries} times (the device does not count a rejected
     * chunk). A lost or garbled reply is not retried: the chunk may have been taken, and re-sending
     * it would shift the image, so the update fails and must be restarted.
     */
    public void updateFirmware(byte[] image, UpdateProgress progress) throws IOException {
        Objects.requireNonNull(image, "image");
        if (image.length == 0) {
            throw new IllegalArgumentException("firmware image is empty");
        }
        UpdateProgress listener = progress == null ? (a, b) -> { } : progress;
        locked(() -> {
            long size = image.length;
            UpdateResponse r = updateInit(size);
            if (r.status() != UpdateStatus.READY) {
                throw new QccUpdateException("UPDATE_INIT of " + size + " bytes refused: " + r.status(), r.status());
            }
            if (r.remaining() != size) {
                throw new QccProtocolException("UPDATE_INIT of " + size + " bytes: device expects " + r.remaining());
            }
            long remaining = size;
            listener.progress(0, size);
            while (remaining > 0) {
                int off = (int) (size - remaining);
                int len = (int) Math.min(Codes.MAX_CHUNK, remaining);
                int rejections = 0;
                while (true) {
                    try {
                        r = updateChunk(image, off, len);
                    } catch (QccNackException e) {
                        if (++rejections > options.updateRetries()) {
                            throw e;
                        }
                        continue;
                    }
                    if (r.status() == UpdateStatus.TRANSFER_IN_PROGRESS || r.status() == UpdateStatus.TRANSFER_COMPLETED) {
                        break;
                    }
                    if (r.status() == UpdateStatus.ERR_INVALID && ++rejections <= options.updateRetries()) {
                        trace("  chunk at " + off + " rejected (ERR_INVALID), sending it again");
                        continue;
                    }
                    throw new QccUpdateException("firmware chunk at offset " + off + " refused: " + r.status()
                            + (r.status() == UpdateStatus.ERR_INVALID ? " (after " + options.updateRetries() + " retries)" : ""),
                            r.status());
                }
                if (r.remaining() >= remaining) {
                    throw new QccProtocolException("firmware chunk at offset " + off + " accepted but the device still expects "
                            + r.remaining() + " bytes (was " + remaining + ")");
                }
                remaining = r.remaining();
                if (r.status() == UpdateStatus.TRANSFER_COMPLETED && remaining != 0) {
                    throw new QccProtocolException("device reported TRANSFER_COMPLETED with " + remaining + " bytes remaining");
                }
                if (remaining == 0 && r.status() != UpdateStatus.TRANSFER_COMPLETED) {
                    throw new QccProtocolException("device took the whole image but reported " + r.status()
                            + " instead of TRANSFER_COMPLETED");
                }
                listener.progress(size - remaining, size);
            }
            return null;
        });
    }

    // ---- generic commands ------------------------------------------------------------------

    /**
     * A known command with the response the table gives it (pyqcc's {@code command()}): returns
     * the response payload (empty when there is none). START, STOP and SIGNED_READ carry random
     * data and have their own methods.
     */
    public byte[] command(int code, byte[] payload) throws IOException {
        Command c = Command.byCode(code).orElseThrow(() -> new IllegalArgumentException(String.format(
                "unknown command 0x%02X: give its response with command(code, payload, responseCode, responseLength)",
                code & 0xFF)));
        if (c == Command.START || c == Command.STOP || c == Command.SIGNED_READ) {
            throw new IllegalArgumentException(c + " carries random data: use oneShot/startContinuous/stop/signedRead");
        }
        byte[] frame = Frames.of(c, payload);
        return locked(() -> {
            byte[] p = request(frame, c, options.responseTimeout());
            if (c.responseCode() == Codes.ACK) {
                remember(QccStatus.decode(p));
            }
            return p;
        });
    }

    /**
     * Any command, for device-specific custom commands ({@code 0xF0..0xFF}): sends {@code code} and
     * {@code payload} (up to 1,024 bytes) and expects {@code responseCode} followed by exactly
     * {@code responseLength} bytes. NACK and other codes throw as for every command.
     */
    public byte[] command(int code, byte[] payload, int responseCode, int responseLength) throws IOException {
        if (payload.length > Codes.MAX_CUSTOM_PAYLOAD + 3) {
            throw new IllegalArgumentException("custom payload must be at most 1024 bytes");
        }
        if (responseLength < 0 || responseLength > 1 << 20) {
            throw new IllegalArgumentException("response length must be 0..1 MiB");
        }
        byte[] frame = Frames.raw(code, payload);
        return locked(() -> exchange(frame, Codes.commandName(code), responseCode, responseLength,
                options.responseTimeout()).payload());
    }

    // ---- plumbing for subclasses ---------------------------------------------------------

    @FunctionalInterface
    protected interface IoCall<T> {
        T call() throws IOException;
    }

    /** Runs {@code call} holding the device lock. */
    protected final <T> T locked(IoCall<T> call) throws IOException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the device");
        }
        try {
            return call.call();
        } finally {
            lock.unlock();
        }
    }

    /** Sends a known command and returns its fixed response payload. Lock held. */
    protected final byte[] request(byte[] frame, Command c, Duration timeout) throws IOException {
        return exchange(frame, c.name(), c.responseCode(), c.responseLength(), timeout).payload();
    }

    /**
     * A reply's fixed payload and the deadline of the exchange, which data that follows the reply
     * (one-shot, signed read) must also meet.
     */
    protected record Reply(byte[] payload, long deadline) {
    }

    /**
     * One exchange, lock held: make the line clean, send {@code frame}, expect {@code responseCode}
     * and read its {@code responseLength}-byte payload within {@code timeout} of sending. (Making the
     * line clean after a failed call is bounded separately, by {@code stopTimeout}.)
     */
    protected final Reply exchange(byte[] frame, String name, int responseCode, int responseLength, Duration timeout)
            throws IOException {
        ensureOpen();
        if (streaming) {
            throw new IllegalStateException("continuous mode is running: stop() it before " + name);
        }
        prepareLine();
        long deadline = System.nanoTime() + timeout.toNanos();
        send(frame, name);
        int code = readResponseCode(name, deadline, timeout, 1 + responseLength);
        if (code == Codes.NACK) {
            trace("← NACK");
            throw new QccNackException(frame[0] & 0xFF, name);
        }
        if (code != responseCode) {
            dirty = true;
            mayBeStreaming = true;
            trace(String.format("← unexpected 0x%02X", code));
            throw new QccProtocolException(String.format("unexpected response byte 0x%02X to %s (expected %s 0x%02X)",
                    code, name, Codes.responseName(responseCode), responseCode));
        }
        byte[] payload = new byte[responseLength];
        readFully(payload, 0, responseLength, deadline, timeout, name + " response", 1, false);
        trace("← " + Codes.responseName(code) + (responseLength > 0 ? " " + HEX.formatHex(payload) : ""));
        return new Reply(payload, deadline);
    }

    /**
     * Sends {@code frame} on a clean line and returns the first byte of the reply, or -1 if none
     * comes within {@code timeout} (for replies a device may or may not send, like REBOOT's). Lock held.
     */
    protected final int sendExpectingAtMostOneByte(byte[] frame, String name, Duration timeout) throws IOException {
        ensureOpen();
        if (streaming) {
            throw new IllegalStateException("continuous mode is running: stop() it before " + name);
        }
        prepareLine();
        send(frame, name);
        byte[] one = new byte[1];
        int n = transport.read(one, 0, 1, System.nanoTime() + timeout.toNanos());
        if (n == 0) {
            trace("  no reply to " + name);
            return -1;
        }
        trace(String.format("← 0x%02X", one[0] & 0xFF));
        return one[0] & 0xFF;
    }

    private int readResponseCode(String name, long deadline, Duration timeout, int expected) throws IOException {
        byte[] one = new byte[1];
        int n = transport.read(one, 0, 1, deadline);
        if (n == 0) {
            dirty = true;
            throw new QccTimeoutException(name + ": no response", 0, expected, timeout);
        }
        return one[0] & 0xFF;
    }

    /** Reads exactly {@code len} random bytes from the data channel by {@code deadline}; wipes them on failure. Lock held. */
    protected final void readDataFully(byte[] buf, int off, int len, long deadline, Duration timeout, String what,
            int alreadyReceived) throws IOException {
        readFully(buf, off, len, deadline, timeout, what, alreadyReceived, true);
        trace("← " + len + " random bytes");
    }

    private void readFully(byte[] buf, int off, int len, long deadline, Duration timeout, String what,
            int alreadyReceived, boolean data) throws IOException {
        int done = 0;
        try {
            while (done < len) {
                int n = data ? transport.readData(buf, off + done, len - done, deadline)
                        : transport.read(buf, off + done, len - done, deadline);
                if (n == 0) {
                    dirty = true;
                    throw new QccTimeoutException(what, alreadyReceived + done, alreadyReceived + len, timeout);
                }
                done += n;
            }
        } catch (IOException | RuntimeException e) {
            if (data) {
                Arrays.fill(buf, off, off + done, (byte) 0);
            }
            throw e;
        }
    }

    /** Sends a frame, lock held. */
    protected final void send(byte[] frame, String name) throws IOException {
        if (options.trace() != null) {
            trace("→ " + name + " " + HEX.formatHex(frame, 0, Math.min(frame.length, 16))
                    + (frame.length > 16 ? " … (" + frame.length + " bytes)" : ""));
        }
        transport.write(frame);
    }

    /**
     * Before a command: if bytes may still be in flight (an earlier timeout or unexpected reply),
     * drain until the line has been silent for {@code stopSilence}. A line that is not silent within
     * four such windows is a device still sending (streaming, or a long one-shot), which STOP ends:
     * its ACK comes after whatever the device was sending. After an unexpected byte the STOP is sent
     * even if the line went silent: a device that sent what was not asked for may be streaming, and a
     * stream can pause for longer than a window (a health failure stops output; a loaded host may not
     * be scheduled), after which it would answer the next command with a NACK in the stream. Then
     * drop whatever is already waiting.
     */
    private void prepareLine() throws IOException {
        if (dirty) {
            long deadline = System.nanoTime() + Math.min(options.stopTimeout().toNanos(), 4 * options.stopSilence().toNanos());
            byte[] sink = new byte[16_384];
            long drained = 0;
            boolean silent = false;
            while (true) {
                long until = System.nanoTime() + options.stopSilence().toNanos();
                if (until - deadline > 0) {
                    break; // no room left for a whole silence window
                }
                int n = transport.read(sink, 0, sink.length, until);
                int m = transport.separateDataChannel() ? transport.readData(sink, 0, sink.length, System.nanoTime()) : 0;
                if (n == 0 && m == 0) {
                    silent = true;
                    break;
                }
                drained += n + m;
            }
            if (drained > 0) {
                trace("  drained " + drained + " stale bytes");
            }
            if (!silent || mayBeStreaming) {
                trace(silent ? "  the device sent what was not asked for: sending STOP"
                        : "  the line does not go silent: sending STOP");
                try {
                    stop();
                } catch (QccNackException e) {
                    // a device that NACKs STOP is not streaming: the line is clean
                }
            }
            dirty = false;
            mayBeStreaming = false;
        }
        long stale = transport.discardInput();
        if (stale > 0) {
            trace("  discarded " + stale + " stale bytes");
        }
    }

    private QccStatus remember(QccStatus s) {
        lastStatus = s;
        return s;
    }

    protected final void trace(String line) {
        if (options.trace() != null) {
            options.trace().accept(line);
        }
    }

    protected final void ensureOpen() throws QccDisconnectedException {
        if (closed) {
            throw new QccDisconnectedException("device is closed");
        }
    }

    /** Closes the transport and opens the endpoint again, retrying until {@code timeout}. Lock held. */
    protected final void reopen(Duration initialDelay, Duration timeout) throws IOException {
        if (endpoint == null) {
            throw new IllegalStateException("this device was opened on a caller-provided transport and cannot reopen");
        }
        closeTransportQuietly();
        streaming = false;
        dirty = false;
        mayBeStreaming = false;
        sleep(initialDelay.toNanos());
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (true) {
            try {
                transport = endpoint.open(options.connectTimeout());
                return;
            } catch (IOException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                closed = true;
                throw new QccDisconnectedException("cannot reopen " + endpoint + " within " + timeout.toMillis() + " ms: "
                        + last.getMessage(), last);
            }
            sleep(100_000_000L);
        }
    }

    private void closeTransportQuietly() {
        try {
            transport.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static void sleep(long nanos) throws InterruptedIOException {
        try {
            Thread.sleep(Duration.ofNanos(Math.max(0, nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /**
     * Closes the link. A running continuous mode is STOPped first (best effort), so the next user
     * of the device finds it idle.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (streaming) {
                try {
                    stop();
                } catch (IOException | RuntimeException e) {
                    // closing anyway; the next open sends STOP again
                }
            }
            closed = true;
            closeTransportQuietly();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "QccDevice[" + transport.describe() + "]";
    }
}
