package io.pqrstuv.cryptnox.error;

/**
 * The host refused the call before sending anything, because the card's state (as read at SELECT)
 * does not allow it: not initialised, already initialised, no seed, a command the card type lacks.
 */
public final class CardStateException extends CryptnoxException {
    public CardStateException(String message) {
        super(message);
    }
}
