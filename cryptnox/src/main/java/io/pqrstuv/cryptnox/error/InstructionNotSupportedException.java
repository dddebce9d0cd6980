package io.pqrstuv.cryptnox.error;

/** {@code 6D00}: the card does not offer the command (an NFT card, or a firmware without it: SIGN PUBLIC and seed wrapping came with firmware 2.0). */
public final class InstructionNotSupportedException extends CardStatusException {
    public InstructionNotSupportedException(int statusWord, String message) {
        super(statusWord, message);
    }
}
