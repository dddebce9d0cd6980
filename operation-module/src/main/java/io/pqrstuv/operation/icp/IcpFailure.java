package io.pqrstuv.operation.icp;

/**
 * The storage module did not give a valid answer: link failure, timeout, a malformed or
 * mismatched reply (D-49). Always HTTP 500; the command is never resent.
 */
public final class IcpFailure extends Exception {
    public IcpFailure(String message) {
        super(message);
    }

    public IcpFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
