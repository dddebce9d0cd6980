package io.pqrstuv.cryptnox.error;

/** {@code 6A88}: referenced data not found (no PIN-less path set, clear public key reading not enabled). */
public final class ReferencedDataNotFoundException extends CardStatusException {
    public ReferencedDataNotFoundException(int statusWord, String message) {
        super(statusWord, message);
    }
}
