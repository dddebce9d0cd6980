package io.pqrstuv.client.keys;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SEC_SET_CONF (D-13): the new secret under AES-256-GCM (IV 12 ‖ C ‖ tag 16, no
 * AAD), and the AES key transported to the device: ML-KEM Encaps gives it (the shared secret is the
 * key), RSA-OAEP encrypts a fresh random one with the hash of the COSE id (SHA-256 for -41, SHA-512
 * for -42, MGF1 with the same hash, empty label).
 */
public final class SecretWrapping {
    /** The device keeps secrets padded to 1024 bytes with at least one padding byte. */
    public static final int MAX_SECRET_LENGTH = 1023;
    static final int IV_LENGTH = 12;
    static final int TAG_BITS = 128;

    private SecretWrapping() {
    }

    /** The two /confirm_secret fields. Neither is secret. */
    public record Wrapped(byte[] encryptedSecret, byte[] symmetricKey) {
        public Wrapped {
            encryptedSecret = encryptedSecret.clone();
            symmetricKey = symmetricKey.clone();
        }

        @Override
        public byte[] encryptedSecret() {
            return encryptedSecret.clone();
        }

        @Override
        public byte[] symmetricKey() {
            return symmetricKey.clone();
        }
    }

    /** Wraps {@code secret} (not modified) for the SEC_SET_INIT key {@code deviceKey} of {@code algorithm}. */
    public static Wrapped wrap(Algorithm algorithm, PublicKey deviceKey, byte[] secret, SecureRandom random)
            throws InvalidKeyException {
        if (!algorithm.isKem()) {
            throw new InvalidKeyException(algorithm.displayName() + " cannot carry a secret (not a KEM/encryption algorithm)");
        }
        if (secret.length > MAX_SECRET_LENGTH) {
            throw new IllegalArgumentException("the secret must be shorter than 1024 bytes");
        }
        DeviceKeys.requireAlgorithm(deviceKey, algorithm);
        byte[] aesKey = null;
        try {
            // ML-KEM: the shared secret is the AES key; RSA-OAEP: a random key, encrypted (D-13).
            DeviceKem.Encapsulation enc = DeviceKem.encapsulate(algorithm, deviceKey, random);
            aesKey = enc.secret();
            byte[] transported = enc.ciphertext();
            byte[] iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
            SecretKeySpec aes = new SecretKeySpec(aesKey, "AES");
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(TAG_BITS, iv));
            destroyQuietly(aes);
            byte[] ct = gcm.doFinal(secret);
            byte[] encrypted = new byte[IV_LENGTH + ct.length];
            System.arraycopy(iv, 0, encrypted, 0, IV_LENGTH);
            System.arraycopy(ct, 0, encrypted, IV_LENGTH, ct.length);
            return new Wrapped(encrypted, transported);
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("cannot wrap the secret for " + algorithm.displayName() + ": " + e.getMessage(), e);
        } finally {
            if (aesKey != null) {
                Arrays.fill(aesKey, (byte) 0);
            }
        }
    }

    /** OAEP with the COSE id's hash for both the label hash and MGF1 (notes §3.6 pitfall). */
    public static OAEPParameterSpec oaepParameters(Algorithm algorithm) {
        return switch (algorithm) {
            case RSA_OAEP_256 -> new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
            case RSA_OAEP_512 -> new OAEPParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, PSource.PSpecified.DEFAULT);
            default -> throw new IllegalArgumentException(algorithm.displayName() + " is not RSA-OAEP");
        };
    }

    static void destroyQuietly(javax.security.auth.Destroyable d) {
        try {
            d.destroy();
        } catch (javax.security.auth.DestroyFailedException | RuntimeException e) {
            // Not every JDK key type can be destroyed; the raw bytes we own are wiped regardless.
        }
    }
}
