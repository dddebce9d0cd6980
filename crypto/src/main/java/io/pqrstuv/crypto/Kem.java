package io.pqrstuv.crypto;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.PublicKey;
import java.security.SecureRandom;

/** The public half of the KEM/encryption algorithms: what a client does before DECAPS. */
public final class Kem {
    private Kem() {
    }

    /** A ciphertext and the 32-byte secret it carries. The caller zeroizes {@code secret}. */
    public record Encapsulation(byte[] ciphertext, byte[] secret) {
        @Override
        public String toString() {
            return "Encapsulation[ciphertext=" + ciphertext.length + " bytes]";
        }
    }

    /** ML-KEM Encaps, or RSA-OAEP encryption of a fresh random 32-byte secret (D-13 hashes per alg). */
    public static Encapsulation encapsulate(Algorithm algorithm, PublicKey key, SecureRandom random) {
        throw new UnsupportedOperationException("TODO");
    }
}
