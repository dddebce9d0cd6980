package io.pqrstuv.cli.client;

/** A one-line error for the user with its exit code. */
final class UserException extends Exception {
    private final int exitCode;

    UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
