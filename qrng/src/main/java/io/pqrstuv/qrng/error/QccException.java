package io.pqrstuv.qrng.error;

import java.io.IOException;

/**
 * A Cmd&amp;Ctrl operation failed. The subclasses name the protocol error: the device refused
 * ({@link QccNackException}), did not answer in time ({@link QccTimeoutException}), answered
 * something the protocol does not allow ({@link QccProtocolException}), or went away
 * ({@link QccDisconnectedException}). It is an {@link IOException} because the device is I/O: the
 * continuous {@code InputStream} and every transport failure fit the same {@code catch}.
 */
public class QccException extends IOException {
    public QccException(String message) {
        super(message);
    }

    public QccException(String message, Throwable cause) {
        super(message, cause);
    }
}
