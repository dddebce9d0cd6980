package io.pqrstuv.storage.secret;

import io.pqrstuv.icp.command.SecSetConfRequest;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.DestroyFailedException;

/** Opens the encSecret part of SEC_SET_CONF: IV(12) ‖ AES-256-GCM ciphertext ‖ tag(16), no AAD (D-13). */
public final class AesGcmSecret {
    public static final int IV_LENGTH = SecSetConfRequest.IV_LENGTH;
    public static final int TAG_LENGTH = SecSetConfRequest.TAG_LENGTH;
    public static final int KEY_LENGTH = 32;
    /** The shortest encSecret: IV and tag around an empty secret. */
    public static final int MIN_LENGTH = SecSetConfRequest.MIN_ENCRYPTED_SECRET;

    private AesGcmSecret() {
    }

    /**
     * Decrypts {@code in[off, off+len)} under {@code key}; the caller zeroizes the result.
     *
     * @throws AEADBadTagException when the tag does not verify
     */
    public static byte[] open(byte[] key, byte[] in, int off, int len) throws GeneralSecurityException {
        if (key.length != KEY_LENGTH || len < MIN_LENGTH) {
            throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key and at least 28 bytes");
        }
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(TAG_LENGTH * 8, in, off, IV_LENGTH));
            return gcm.doFinal(in, off + IV_LENGTH, len - IV_LENGTH);
        } finally {
            destroy(spec);
        }
    }

    /** Encrypts for tests and clients: IV ‖ ciphertext ‖ tag. */
    public static byte[] seal(byte[] key, byte[] iv, byte[] plaintext) throws GeneralSecurityException {
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            byte[] ct = gcm.doFinal(plaintext);
            byte[] out = Arrays.copyOf(iv, IV_LENGTH + ct.length);
            System.arraycopy(ct, 0, out, IV_LENGTH, ct.length);
            return out;
        } finally {
            destroy(spec);
        }
    }

    private static void destroy(SecretKeySpec spec) {
        try {
            spec.destroy();
        } catch (DestroyFailedException e) {
            // JDK key objects may refuse; the spec's copy is unreachable right after (docs/storage-module.md).
        }
    }
}
