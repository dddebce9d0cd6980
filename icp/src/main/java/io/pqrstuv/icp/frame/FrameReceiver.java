package io.pqrstuv.icp.frame;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;

/**
 * Streaming ICP receiver (D-1): HUNT for the preamble, read the 4-byte LENgth, then exactly that
 * many payload BODY bytes, the CRC and the trailer. Bytes arrive in chunks of any size.
 *
 * <p>Frames are delimited by their length, never by scanning for the trailer, so payloads that
 * contain preamble or trailer bytes are never split. An oversize length is rejected as soon as
 * it is read (D-4). A partial frame followed by a gap longer than the limit is abandoned.
 *
 * <p>Not thread-safe: one reader thread feeds it; events are delivered on that thread.
 */
public final class FrameReceiver {
    public static final Duration DEFAULT_GAP_TIMEOUT = Duration.ofSeconds(2);

    private static final int MARKER = Frames.MARKER_LENGTH;
    private static final int TAIL = Frames.CRC_FIELD + Frames.MARKER_LENGTH;
    /** KMP automaton over the preamble: next[state * 256 + byte] = bytes matched afterwards. */
    private static final byte[] NEXT = buildAutomaton(Frames.PREAMBLE);

    private enum State { HUNT, LEN, BODY }

    private final Consumer<ReceiverEvent> sink;
    private final LongSupplier nanoClock;
    private final long gapNanos;

    private State state = State.HUNT;
    private int matched;
    private final byte[] lengthField = new byte[Frames.LENGTH_FIELD];
    private int lengthFill;
    private byte[] payload;
    private int payloadFill;
    private final byte[] tail = new byte[TAIL];
    private int tailFill;
    private long lastByteNanos;
    private final CRC32 crc = new CRC32();

    /** A receiver on the system clock with the 2 s gap timeout. */
    public FrameReceiver(Consumer<ReceiverEvent> sink) {
        this(sink, System::nanoTime, DEFAULT_GAP_TIMEOUT);
    }

    /**
     * @param nanoClock monotonic clock in nanoseconds (injectable for tests)
     * @param gapTimeout longest allowed silence inside a frame
     */
    public FrameReceiver(Consumer<ReceiverEvent> sink, LongSupplier nanoClock, Duration gapTimeout) {
        this.sink = Objects.requireNonNull(sink);
        this.nanoClock = Objects.requireNonNull(nanoClock);
        this.gapNanos = gapTimeout.toNanos();
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** Consumes {@code len} bytes, emitting zero or more events. */
    public void feed(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (state != State.HUNT && now - lastByteNanos > gapNanos) {
            abandon();
        }
        lastByteNanos = now;
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (state) {
                case HUNT -> i = hunt(b, i, end);
                case LEN -> i = readLength(b, i, end);
                case BODY -> i = readBody(b, i, end);
            }
        }
    }

    /**
     * Abandons a partial frame whose last byte is older than the gap timeout. The transport calls
     * this when a read returns nothing; returns whether a frame was abandoned.
     */
    public boolean checkGap() {
        if (state != State.HUNT && nanoClock.getAsLong() - lastByteNanos > gapNanos) {
            abandon();
            return true;
        }
        return false;
    }

    /** True while a frame has started (preamble seen) but not finished. */
    public boolean inFrame() {
        return state != State.HUNT;
    }

    /**
     * The payload length the current frame declared, once its 4-byte length field is complete
     * (BODY), or -1 (HUNT, LEN). With it a reader knows how many bytes the frame still needs:
     * {@code declaredLength() + 20} after the header (issue 15: reply deadlines that follow the line).
     */
    public long declaredLength() {
        return state == State.BODY ? payload.length : -1;
    }

    /** Nanoseconds until {@link #checkGap()} would abandon the current partial frame, or -1 in HUNT. */
    public long nanosUntilGapTimeout() {
        if (state == State.HUNT) {
            return -1;
        }
        return Math.max(0, lastByteNanos + gapNanos - nanoClock.getAsLong());
    }

    private int hunt(byte[] b, int i, int end) {
        int m = matched;
        while (i < end) {
            m = NEXT[m << 8 | (b[i++] & 0xFF)];
            if (m == MARKER) {
                matched = 0;
                // Reset every per-frame counter here: a gap in LEN must not count the previous frame.
                lengthFill = 0;
                payloadFill = 0;
                tailFill = 0;
                state = State.LEN;
                return i;
            }
        }
        matched = m;
        return i;
    }

    private int readLength(byte[] b, int i, int end) {
        int n = Math.min(Frames.LENGTH_FIELD - lengthFill, end - i);
        System.arraycopy(b, i, lengthField, lengthFill, n);
        lengthFill += n;
        if (lengthFill == Frames.LENGTH_FIELD) {
            long declared = Frames.getInt(lengthField, 0) & 0xFFFFFFFFL;
            if (declared > Frames.MAX_PAYLOAD) {
                state = State.HUNT;
                sink.accept(new ReceiverEvent.Oversize(declared));
            } else {
                payload = new byte[(int) declared];
                payloadFill = 0;
                tailFill = 0;
                state = State.BODY;
            }
        }
        return i + n;
    }

    private int readBody(byte[] b, int i, int end) {
        if (payloadFill < payload.length) {
            int n = Math.min(payload.length - payloadFill, end - i);
            System.arraycopy(b, i, payload, payloadFill, n);
            payloadFill += n;
            i += n;
        }
        if (i < end && payloadFill == payload.length) {
            int n = Math.min(TAIL - tailFill, end - i);
            System.arraycopy(b, i, tail, tailFill, n);
            tailFill += n;
            i += n;
            if (tailFill == TAIL) {
                finish();
            }
        }
        return i;
    }

    private void finish() {
        byte[] p = payload;
        payload = null;
        state = State.HUNT;
        if (!Arrays.equals(tail, Frames.CRC_FIELD, TAIL, Frames.TRAILER, 0, MARKER)) {
            Arrays.fill(p, (byte) 0);
            sink.accept(new ReceiverEvent.ChecksumFailure(ReceiverEvent.ChecksumFailure.Cause.TRAILER_MISPLACED));
            return;
        }
        crc.reset();
        crc.update(lengthField, 0, Frames.LENGTH_FIELD);
        crc.update(p, 0, p.length);
        if ((int) crc.getValue() != Frames.getInt(tail, 0)) {
            Arrays.fill(p, (byte) 0);
            sink.accept(new ReceiverEvent.ChecksumFailure(ReceiverEvent.ChecksumFailure.Cause.CRC_MISMATCH));
            return;
        }
        sink.accept(new ReceiverEvent.Payload(p));
    }

    private void abandon() {
        int discarded = MARKER + lengthFill + payloadFill + tailFill;
        if (payload != null) {
            Arrays.fill(payload, 0, payloadFill, (byte) 0); // may hold secret operation data
        }
        payload = null;
        state = State.HUNT;
        matched = 0;
        sink.accept(new ReceiverEvent.GapTimeout(discarded));
    }

    private static byte[] buildAutomaton(byte[] pattern) {
        int m = pattern.length;
        byte[] next = new byte[(m + 1) << 8];
        // Standard KMP DFA: restart state x tracks the longest proper border.
        next[pattern[0] & 0xFF] = 1;
        int x = 0;
        for (int j = 1; j <= m; j++) {
            for (int c = 0; c < 256; c++) {
                next[j << 8 | c] = next[x << 8 | c];
            }
            if (j < m) {
                next[j << 8 | (pattern[j] & 0xFF)] = (byte) (j + 1);
                x = next[x << 8 | (pattern[j] & 0xFF)];
            }
        }
        return next;
    }
}
