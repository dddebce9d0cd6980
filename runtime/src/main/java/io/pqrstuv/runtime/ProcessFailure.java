package io.pqrstuv.runtime;

import java.util.Objects;

/** A child process that could not do its job; the message names the program and why. */
public final class ProcessFailure extends Exception {
    public enum Reason {
        /** The program could not be started (not installed, not executable, no such directory). */
        CANNOT_START,
        /** It ran past its time limit and was killed. */
        TIMED_OUT,
        /** The waiting thread was interrupted; the process was killed. */
        INTERRUPTED,
        /** Reading its output failed; the process was killed. */
        IO_ERROR,
        /** It exited with a non-zero status. */
        EXIT_STATUS
    }

    private final Reason reason;
    private final String program;

    public ProcessFailure(Reason reason, String program, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
        this.program = Objects.requireNonNull(program);
    }

    public Reason reason() {
        return reason;
    }

    /** The program's name as it was launched (the first word of its command line). */
    public String program() {
        return program;
    }
}
