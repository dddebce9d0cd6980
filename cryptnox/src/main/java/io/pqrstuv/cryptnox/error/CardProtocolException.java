package io.pqrstuv.cryptnox.error;

/**
 * The card answered, but not as the protocol says: a reply too short to hold a status word, a field
 * of the wrong length, a remote frame that is not the documented JSON. The card (or whatever
 * answers in its place) is not speaking the Cryptnox protocol.
 */
public final class CardProtocolException extends CryptnoxException {
    public CardProtocolException(String message) {
        super(message);
    }

    public CardProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
