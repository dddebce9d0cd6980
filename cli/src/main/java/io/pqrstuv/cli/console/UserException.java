package io.pqrstuv.cli.console;

/** A one-line error for the user with its exit code. */
public final class UserException extends Exception {
    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
