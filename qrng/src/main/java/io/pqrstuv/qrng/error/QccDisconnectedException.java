package io.pqrstuv.qrng.error;

/** The link to the device is gone: the tty hung up, the TCP peer closed, or the device was closed. */
public final class QccDisconnectedException extends QccException {
    public QccDisconnectedException(String message) {
        super(message);
    }

    public QccDisconnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
