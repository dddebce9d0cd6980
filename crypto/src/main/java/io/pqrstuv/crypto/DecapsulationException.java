package io.pqrstuv.crypto;

/** Decapsulation or decryption failed (CMD_FAIL). Carries no detail about the secret. */
public final class DecapsulationException extends Exception {
    public DecapsulationException(String message) {
        super(message);
    }
}
