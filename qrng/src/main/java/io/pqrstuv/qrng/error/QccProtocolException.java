package io.pqrstuv.qrng.error;

/**
 * The device sent something the protocol does not allow: an unexpected response byte, a payload
 * that does not decode, a STOP whose ACK cannot be found. The line may hold stale bytes; the next
 * command discards them.
 */
public class QccProtocolException extends QccException {
    public QccProtocolException(String message) {
        super(message);
    }

    public QccProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
