package io.pqrstuv.cryptnox.error;

/** {@code 6986}: not allowed in the card's state (a seed is already there, a user key slot is taken or empty, PIN authentication is disabled, no extended key at this depth). */
public final class CommandNotAllowedException extends CardStatusException {
    public CommandNotAllowedException(int statusWord, String message) {
        super(statusWord, message);
    }
}
