package io.pqrstuv.cryptnox.error;

/** The card rejected the data: {@code 6A80} (bad data) or {@code 6700} (wrong length). */
public final class DataValidationException extends CardStatusException {
    public DataValidationException(int statusWord, String message) {
        super(statusWord, message);
    }
}
