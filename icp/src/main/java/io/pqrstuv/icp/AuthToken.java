package io.pqrstuv.icp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The ICP authentication token: the first 16 bytes of SHA-256(secret ‖ nonce) (spec "INIT", D-9,
 * token_hash_algo = -16). Computed by clients and checked by the storage module.
 */
public final class AuthToken {
    public static final int LENGTH = 16;
    public static final int NONCE_LENGTH = 16;

    private AuthToken() {
    }

    /**
     * Computes the token. Neither input is modified; the caller zeroizes the secret.
     *
     * <p>The digest's own state is cleared before it is dropped: {@code digest()} leaves the last
     * block (secret ‖ nonce ‖ padding) in the JDK's {@code byte[64]} buffer and its words in the
     * {@code int[64]} message schedule, and only {@code reset()} zero-fills both (checked with a heap
     * dump, {@code MemoryProbeTest}; issue 15 found 45 such objects holding the secret).
     */
    public static byte[] compute(byte[] secret, byte[] nonce) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
        byte[] digest = null;
        try {
            sha256.update(secret);
            sha256.update(nonce);
            digest = sha256.digest();
            return Arrays.copyOf(digest, LENGTH);
        } finally {
            sha256.reset();
            if (digest != null) {
                Arrays.fill(digest, (byte) 0);
            }
        }
    }

    /** Constant-time comparison of two tokens (ICP-SESS-14). */
    public static boolean matches(byte[] expected, byte[] presented) {
        return MessageDigest.isEqual(expected, presented);
    }
}
