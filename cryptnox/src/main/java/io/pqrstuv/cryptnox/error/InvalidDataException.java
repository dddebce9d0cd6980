package io.pqrstuv.cryptnox.error;

/** {@code 6984}: the card could not use the data (decryption or format check failed on the card). */
public final class InvalidDataException extends CardStatusException {
    public InvalidDataException(int statusWord, String message) {
        super(statusWord, message);
    }
}
