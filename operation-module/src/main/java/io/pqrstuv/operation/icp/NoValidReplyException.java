package io.pqrstuv.operation.icp;

/**
 * The storage module did not give a valid answer: link failure, timeout, a malformed or
 * mismatched reply (D-49). Always HTTP 500; the command is never resent.
 */
public final class NoValidReplyException extends Exception {
    public NoValidReplyException(String message) {
        super(message);
    }

    public NoValidReplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
