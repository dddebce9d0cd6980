package io.pqrstuv.cryptnox.error;

/**
 * The card failed a check of its identity: its signed session key does not verify with the key of
 * its manufacturer certificate, or that certificate cannot be read. Nothing is sent to such a card.
 */
public final class GenuineCheckException extends CryptnoxException {
    public GenuineCheckException(String message) {
        super(message);
    }

    public GenuineCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
