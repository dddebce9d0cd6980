package io.pqrstuv.storage.entropy;

/** An entropy source cannot start (its QRNG cannot be opened, verified or used); the message says why, in one line. */
public final class EntropySourceException extends Exception {
    public EntropySourceException(String message) {
        super(message);
    }

    public EntropySourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
