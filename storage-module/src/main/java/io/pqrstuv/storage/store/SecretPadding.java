package io.pqrstuv.storage.store;

import java.util.Arrays;

/**
 * ISO/IEC 7816-4 padding of the user secret to a fixed 1024 bytes (D-13): the secret, 0x80,
 * then zeros. The stored secret record therefore always has the same size whatever the secret.
 */
public final class SecretPadding {
    /** Padded size; a secret must be shorter (spec: "less than 1024 bytes"). */
    public static final int PADDED_LENGTH = 1024;

    private SecretPadding() {
    }

    public static byte[] pad(byte[] secret) {
        if (secret.length >= PADDED_LENGTH) {
            throw new IllegalArgumentException("secret must be shorter than " + PADDED_LENGTH + " bytes");
        }
        byte[] padded = new byte[PADDED_LENGTH];
        System.arraycopy(secret, 0, padded, 0, secret.length);
        padded[secret.length] = (byte) 0x80;
        return padded;
    }

    /**
     * Removes the padding. Scans the whole block without an early exit so the time does not
     * depend on the secret's length.
     *
     * @throws IllegalArgumentException if the block is not a valid padding
     */
    public static byte[] unpad(byte[] padded) {
        if (padded.length != PADDED_LENGTH) {
            throw new IllegalArgumentException("padded secret has the wrong length");
        }
        int marker = -1;
        boolean seenNonZero = false;
        boolean bad = false;
        for (int i = PADDED_LENGTH - 1; i >= 0; i--) {
            int b = padded[i] & 0xFF;
            boolean first = !seenNonZero && b != 0;
            if (first) {
                marker = i;
                bad |= b != 0x80;
            }
            seenNonZero |= b != 0;
        }
        if (marker < 0 || bad) {
            throw new IllegalArgumentException("padded secret is malformed");
        }
        return Arrays.copyOf(padded, marker);
    }
}
