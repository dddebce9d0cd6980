package io.pqrstuv.cryptnox.error;

/** The PIN is blocked (all tries used): only UNBLOCK PIN with the PUK helps. */
public final class PinBlockedException extends PinException {
    public PinBlockedException(int statusWord, String message) {
        super(statusWord, 0, message);
    }
}
