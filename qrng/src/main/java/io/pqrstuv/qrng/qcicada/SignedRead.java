package io.pqrstuv.qrng.qcicada;

import java.security.PublicKey;
import java.util.Arrays;

/**
 * A SIGNED_READ's answer: the random data and the device's ECDSA P-256 signature {@code r‖s} over
 * exactly those bytes (notes §1.7). The signature proves origin, not freshness: a recorded answer
 * can be replayed. The arrays are the caller's (wipe {@link #data()} when done); accessors do not copy.
 */
public record SignedRead(byte[] data, byte[] signature) {
    public SignedRead {
        if (signature.length != 64) {
            throw new IllegalArgumentException("signature must be 64 bytes (r||s)");
        }
    }

    /** True when the signature verifies under {@code devicePublicKey}. */
    public boolean verify(PublicKey devicePublicKey) {
        return P256.verify(devicePublicKey, data, 0, data.length, signature);
    }

    /** Zeroes the data. */
    public void wipe() {
        Arrays.fill(data, (byte) 0);
    }

    @Override
    public String toString() {
        return "SignedRead[" + data.length + " bytes]";
    }
}
