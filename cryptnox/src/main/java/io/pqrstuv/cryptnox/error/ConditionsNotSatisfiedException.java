package io.pqrstuv.cryptnox.error;

/**
 * {@code 6985}, conditions of use not satisfied: the PIN was not verified in this session, the card
 * is not initialised or has no seed, or (UNBLOCK PIN) the PIN is not blocked.
 */
public final class ConditionsNotSatisfiedException extends CardStatusException {
    public ConditionsNotSatisfiedException(int statusWord, String message) {
        super(statusWord, message);
    }
}
