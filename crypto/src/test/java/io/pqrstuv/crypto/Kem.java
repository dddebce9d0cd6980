package io.pqrstuv.crypto;

import io.pqrstuv.crypto.scheme.RsaOaep;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.SecretKey;
import javax.security.auth.DestroyFailedException;

/**
 * The public half of the KEM/encryption algorithms: what a client does before DECAPS. Test code
 * only (the product's clients encapsulate in {@code client.DeviceKem}); it checks the engine's
 * DECAPS against independent JDK encapsulation.
 */
public final class Kem {
    /** The secret RSA-OAEP carries: the same size as an ML-KEM shared secret. */
    public static final int SECRET_LENGTH = 32;

    private Kem() {
    }

    /** A ciphertext and the 32-byte secret it carries. The caller zeroizes {@code secret}. */
    public record Encapsulation(byte[] ciphertext, byte[] secret) {
        @Override
        public String toString() {
            return "Encapsulation[ciphertext=" + ciphertext.length + " bytes]";
        }
    }

    /**
     * ML-KEM Encaps, or RSA-OAEP encryption of a fresh random 32-byte secret (D-13 hashes per alg).
     *
     * @throws IllegalArgumentException if the algorithm is not a KEM or the key does not fit it
     */
    public static Encapsulation encapsulate(Algorithm algorithm, PublicKey key, SecureRandom random) {
        try {
            return switch (algorithm.family()) {
                case ML_KEM -> mlKem(algorithm, key, random);
                case RSA_OAEP -> oaep(algorithm, key, random);
                default -> throw new IllegalArgumentException(algorithm + " is not a KEM/encryption algorithm");
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot encapsulate to this key with " + algorithm, e);
        }
    }

    private static Encapsulation mlKem(Algorithm algorithm, PublicKey key, SecureRandom random) throws GeneralSecurityException {
        KEM.Encapsulated enc = KEM.getInstance("ML-KEM").newEncapsulator(key, random).encapsulate();
        if (enc.encapsulation().length != algorithm.outputLength()) {
            // The key is of another ML-KEM parameter set than the algorithm names.
            throw new IllegalArgumentException("the key is not an " + algorithm.displayName() + " key");
        }
        SecretKey k = enc.key();
        byte[] secret = k.getEncoded();
        try {
            k.destroy();
        } catch (DestroyFailedException e) {
            // Not every SecretKey supports destroy(); the copy we return is the caller's to wipe.
        }
        return new Encapsulation(enc.encapsulation(), secret);
    }

    private static Encapsulation oaep(Algorithm algorithm, PublicKey key, SecureRandom random) throws GeneralSecurityException {
        byte[] secret = new byte[SECRET_LENGTH];
        random.nextBytes(secret);
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, RsaOaep.parameters(algorithm), random);
        return new Encapsulation(cipher.doFinal(secret), secret);
    }
}
