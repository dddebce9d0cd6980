package io.pqrstuv.runtime.harden;

/** The OS refused a hardening measure; the message names it, the call, errno and what to do. */
public final class HardeningException extends Exception {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final ProcessHardening.Measure measure;

    HardeningException(ProcessHardening.Measure measure, String message) {
        super(message);
        this.measure = measure;
    }

    public ProcessHardening.Measure measure() {
        return measure;
    }
}
