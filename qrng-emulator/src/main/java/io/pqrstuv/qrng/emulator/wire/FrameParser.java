package io.pqrstuv.qrng.emulator.wire;

import java.util.function.Consumer;

/**
 * Splits the host's byte stream into commands of fixed length. A partial command is dropped when no
 * further byte arrives for {@link #partialTimeoutNanos()} (the device's inter-byte timeout, about
 * 0.5 s: notes §5.1), so a host that sent garbage or died mid-frame does not leave the device waiting
 * forever with half a command whose remainder would swallow the next real one.
 */
public final class FrameParser {
    public static final long DEFAULT_PARTIAL_TIMEOUT_NANOS = 500_000_000L;

    private final CommandTable table;
    private final long partialTimeoutNanos;
    private byte[] payload;
    private int code = -1;
    private int have;
    private long lastByteNanos;
    private long droppedPartials;

    public FrameParser(CommandTable table) {
        this(table, DEFAULT_PARTIAL_TIMEOUT_NANOS);
    }

    public FrameParser(CommandTable table, long partialTimeoutNanos) {
        if (partialTimeoutNanos <= 0) {
            throw new IllegalArgumentException("partial timeout must be positive");
        }
        this.table = table;
        this.partialTimeoutNanos = partialTimeoutNanos;
    }

    /** Feeds bytes received at {@code nowNanos}; each complete command goes to {@code out}, in order. */
    public void feed(byte[] b, int off, int len, long nowNanos, Consumer<Frame> out) {
        expire(nowNanos);
        for (int i = off; i < off + len; i++) {
            int v = b[i] & 0xFF;
            if (code < 0) {
                if (!table.isKnown(v)) {
                    out.accept(Frame.unknown(v));
                    continue;
                }
                int n = table.payloadLength(v);
                if (n == 0) {
                    out.accept(new Frame(v, new byte[0], true));
                    continue;
                }
                code = v;
                payload = new byte[n];
                have = 0;
            } else {
                payload[have++] = (byte) v;
                if (have == payload.length) {
                    Frame f = new Frame(code, payload, true);
                    clear();
                    out.accept(f);
                }
            }
        }
        lastByteNanos = nowNanos;
    }

    /** Drops a partial command whose last byte is older than the timeout. */
    public void expire(long nowNanos) {
        if (code >= 0 && nowNanos - lastByteNanos >= partialTimeoutNanos) {
            droppedPartials++;
            clear();
        }
    }

    private void clear() {
        code = -1;
        payload = null;
        have = 0;
    }

    public boolean hasPartial() {
        return code >= 0;
    }

    /** When the pending partial command expires (meaningful only if {@link #hasPartial()}). */
    public long partialDeadlineNanos() {
        return lastByteNanos + partialTimeoutNanos;
    }

    /** Forgets any partial command (the host went away). */
    public void reset() {
        clear();
    }

    public long droppedPartials() {
        return droppedPartials;
    }

    public long partialTimeoutNanos() {
        return partialTimeoutNanos;
    }
}
