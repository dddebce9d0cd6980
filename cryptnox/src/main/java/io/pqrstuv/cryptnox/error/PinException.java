package io.pqrstuv.cryptnox.error;

/** Wrong PIN ({@code 63Cx}): {@link #triesLeft()} more wrong PINs are allowed before the next power cycle. */
public sealed class PinException extends CardStatusException permits PinBlockedException {
    private final int triesLeft;

    public PinException(int statusWord, int triesLeft, String message) {
        super(statusWord, message);
        this.triesLeft = triesLeft;
    }

    /** How many more wrong PINs the card accepts (0: none until a power cycle, or blocked). */
    public int triesLeft() {
        return triesLeft;
    }
}
