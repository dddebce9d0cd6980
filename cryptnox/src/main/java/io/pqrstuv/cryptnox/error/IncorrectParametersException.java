package io.pqrstuv.cryptnox.error;

/** {@code 6A86} or {@code 6B00}: the card does not know these parameters (P1/P2: slot, page, key type, history index). */
public final class IncorrectParametersException extends CardStatusException {
    public IncorrectParametersException(int statusWord, String message) {
        super(statusWord, message);
    }
}
