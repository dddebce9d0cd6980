package io.pqrstuv.cryptnox.error;

/** The reader, the PC/SC service or the remote socket failed: no answer from the card at all. */
public final class CardTransportException extends CryptnoxException {
    public CardTransportException(String message) {
        super(message);
    }

    public CardTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
