package io.pqrstuv.storage.auth;

import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.store.SecureStorage;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks a presented token against SHA-256(secret ‖ nonce)[0..15] in constant time (D-9, D-39).
 * The secret is read from the store for each check and zeroized right after.
 */
public final class TokenVerifier {
    private final SecureStorage storage;
    private final byte[] dummyNonce = new byte[AuthToken.NONCE_LENGTH];

    public TokenVerifier(SecureStorage storage, EntropySource entropy) {
        this.storage = Objects.requireNonNull(storage);
        // Drawn once: the dummy check's result is discarded, so its nonce needs no freshness, and the
        // SESSION_UNAVAILABLE path then draws nothing (it must answer while the entropy source refuses).
        entropy.nextBytes(dummyNonce);
    }

    public boolean verify(byte[] nonce, byte[] presented) throws StorageException {
        byte[] secret = storage.secret();
        byte[] expected = null;
        try {
            expected = AuthToken.compute(secret, nonce);
            return AuthToken.matches(expected, presented);
        } finally {
            Arrays.fill(secret, (byte) 0);
            if (expected != null) {
                Arrays.fill(expected, (byte) 0);
            }
        }
    }

    /**
     * The same hash-and-compare against a throw-away nonce, result discarded: the
     * SESSION_UNAVAILABLE path costs what INCORRECT_SECRET costs (D-39).
     */
    public void dummy(byte[] presented) {
        try {
            verify(dummyNonce, presented);
        } catch (StorageException | RuntimeException ignored) {
            // The reply is SESSION_UNAVAILABLE whatever happens here.
        }
    }
}
