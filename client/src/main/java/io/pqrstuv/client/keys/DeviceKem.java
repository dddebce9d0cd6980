package io.pqrstuv.client.keys;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.SecretKey;

/**
 * The public half of the device's KEM/encryption algorithms, run locally: what a sender does so
 * that the device's /decapsulate returns the same 32-byte secret. ML-KEM is FIPS 203 Encaps;
 * RSA-OAEP encrypts a fresh random 32-byte secret (OAEP hash per COSE id, notes §3.6).
 */
public final class DeviceKem {
    public static final int SECRET_LENGTH = 32;

    private DeviceKem() {
    }

    /** A ciphertext for the device and the secret it carries. The caller wipes {@code secret}. */
    public record Encapsulation(byte[] ciphertext, byte[] secret) {
        @Override
        public String toString() {
            return "Encapsulation[ciphertext=" + ciphertext.length + " bytes]";
        }
    }

    public static Encapsulation encapsulate(Algorithm algorithm, PublicKey key, SecureRandom random)
            throws InvalidKeyException {
        if (!algorithm.isKem()) {
            throw new InvalidKeyException(algorithm.displayName() + " is not a KEM/encryption algorithm");
        }
        DeviceKeys.requireAlgorithm(key, algorithm);
        try {
            if (algorithm.family() == Algorithm.Family.ML_KEM) {
                KEM.Encapsulated e = KEM.getInstance("ML-KEM").newEncapsulator(key, random).encapsulate();
                SecretKey k = e.key();
                byte[] secret = k.getEncoded();
                SecretWrapping.destroyQuietly(k);
                if (e.encapsulation().length != algorithm.outputLength() || secret.length != SECRET_LENGTH) {
                    Arrays.fill(secret, (byte) 0);
                    throw new InvalidKeyException("the key is not a " + algorithm.displayName() + " key");
                }
                return new Encapsulation(e.encapsulation(), secret);
            }
            byte[] secret = new byte[SECRET_LENGTH];
            random.nextBytes(secret);
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.ENCRYPT_MODE, key, SecretWrapping.oaepParameters(algorithm), random);
            return new Encapsulation(oaep.doFinal(secret), secret);
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("cannot encapsulate to this " + algorithm.displayName() + " key: " + e.getMessage(), e);
        }
    }
}
