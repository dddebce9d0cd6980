package io.pqrstuv.cryptnox.error;

/** Wrong PUK ({@code 984x} in CHANGE PUK, {@code 63Cx} in UNBLOCK PIN and RESET). */
public final class PukException extends CardStatusException {
    private final int triesLeft;

    public PukException(int statusWord, int triesLeft, String message) {
        super(statusWord, message);
        this.triesLeft = triesLeft;
    }

    /** How many more wrong PUKs the card accepts before a power cycle. */
    public int triesLeft() {
        return triesLeft;
    }
}
