package io.pqrstuv.storage.secret;

import io.pqrstuv.icp.command.SecSetConfRequest;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import io.pqrstuv.crypto.WipeableAesKey;
import javax.crypto.spec.GCMParameterSpec;

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
     * Decrypts {@code in[off, off+len)} under {@code key}; the caller zeroizes the result and
     * {@code key}. The cipher's copies of the key are overwritten before it is dropped.
     *
     * @throws AEADBadTagException when the tag does not verify
     */
    public static byte[] open(byte[] key, byte[] in, int off, int len) throws GeneralSecurityException {
        if (key.length != KEY_LENGTH || len < MIN_LENGTH) {
            throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key and at least 28 bytes");
        }
        WipeableAesKey spec = new WipeableAesKey(key.clone());
        Cipher gcm = null;
        try {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(TAG_LENGTH * 8, in, off, IV_LENGTH));
            return gcm.doFinal(in, off + IV_LENGTH, len - IV_LENGTH);
        } finally {
            WipeableAesKey.scrub(gcm, KEY_LENGTH);
            spec.destroy();
        }
    }

    /** Encrypts for tests and clients: IV ‖ ciphertext ‖ tag. */
    public static byte[] seal(byte[] key, byte[] iv, byte[] plaintext) throws GeneralSecurityException {
        WipeableAesKey spec = new WipeableAesKey(key.clone());
        Cipher gcm = null;
        try {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            byte[] ct = gcm.doFinal(plaintext);
            byte[] out = Arrays.copyOf(iv, IV_LENGTH + ct.length);
            System.arraycopy(ct, 0, out, IV_LENGTH, ct.length);
            return out;
        } finally {
            WipeableAesKey.scrub(gcm, key.length);
            spec.destroy();
        }
    }
}
