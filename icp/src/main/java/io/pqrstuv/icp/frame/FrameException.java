package io.pqrstuv.icp.frame;

/** A byte sequence that is not a valid ICP frame. */
public final class FrameException extends Exception {
    public enum Reason { TRUNCATED, BAD_PREAMBLE, OVERSIZE, BAD_TRAILER, BAD_CRC }

    private final Reason reason;

    public FrameException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
