package io.pqrstuv.qrng.error;

import java.time.Duration;

/**
 * The device did not deliver within the call's overall deadline. {@link #received()} tells how many
 * of the {@link #expected()} bytes had arrived, which separates a silent device (0) from a stalled
 * stream.
 */
public final class QccTimeoutException extends QccException {
    private final long received;
    private final long expected;
    private final Duration deadline;

    public QccTimeoutException(String what, long received, long expected, Duration deadline) {
        super(what + ": timed out after " + millis(deadline) + " ms with " + received + " of " + expected + " bytes");
        this.received = received;
        this.expected = expected;
        this.deadline = deadline;
    }

    public QccTimeoutException(String message, Duration deadline) {
        super(message);
        this.received = 0;
        this.expected = 0;
        this.deadline = deadline;
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    public long received() {
        return received;
    }

    public long expected() {
        return expected;
    }

    /** The deadline that expired, measured from the start of the call. */
    public Duration deadline() {
        return deadline;
    }
}
