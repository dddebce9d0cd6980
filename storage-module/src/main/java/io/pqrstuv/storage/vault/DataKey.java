package io.pqrstuv.storage.vault;

import io.pqrstuv.storage.persist.RecordTamperedException;
import io.pqrstuv.storage.persist.StorageException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import io.pqrstuv.crypto.WipeableAesKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A 32-byte AES-256 data key released into RAM (the TPM's unsealed key, a dev key file), with the
 * one JCA key object and cipher that use it, so that however many records it opens there is one
 * copy of the key schedule, not one per operation. {@link #close()} zeroizes the key bytes and
 * overwrites the cipher's key schedule and key copies ({@link WipeableAesKey#scrub}); the key
 * object is ours, not a {@code SecretKeySpec}, so no unwipeable copy is left (docs/security.md).
 *
 * <p>Not thread-safe: the owning vault serialises its use.
 */
final class DataKey implements AutoCloseable {
    static final int LENGTH = 32;

    private final byte[] key;
    private WipeableAesKey spec;
    private Cipher gcm;

    /** Takes ownership of {@code key} (zeroized by {@link #close()}, and on a wrong length). */
    DataKey(byte[] key) throws StorageException {
        if (key.length != LENGTH) {
            Arrays.fill(key, (byte) 0);
            throw new StorageException("root-of-trust data key has the wrong length");
        }
        this.key = key;
        this.spec = new WipeableAesKey(key);
    }

    private Cipher cipher() throws GeneralSecurityException, StorageException {
        if (spec == null) {
            throw new StorageException("the data key was wiped");
        }
        if (gcm == null) {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        }
        return gcm;
    }

    /** AES-256-GCM with a fresh random 96-bit IV: {@code IV ‖ ciphertext ‖ tag}. */
    byte[] encrypt(SecureRandom random, byte[] plaintext, byte[] aad) throws StorageException {
        byte[] iv = new byte[Vault.IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher c = cipher();
            c.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(Vault.TAG_LENGTH * 8, iv));
            c.updateAAD(aad);
            byte[] sealed = new byte[Vault.IV_LENGTH + c.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, sealed, 0, Vault.IV_LENGTH);
            c.doFinal(plaintext, 0, plaintext.length, sealed, Vault.IV_LENGTH);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new StorageException("AES-GCM encryption failed: " + e.getClass().getSimpleName());
        }
    }

    /** Opens {@code IV ‖ ciphertext ‖ tag}; the caller zeroizes the plaintext. */
    byte[] decrypt(byte[] sealed, byte[] aad) throws StorageException {
        if (sealed.length < Vault.IV_LENGTH + Vault.TAG_LENGTH) {
            throw new RecordTamperedException("record too short");
        }
        try {
            Cipher c = cipher();
            c.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(Vault.TAG_LENGTH * 8, sealed, 0, Vault.IV_LENGTH));
            c.updateAAD(aad);
            // The JDK releases GCM plaintext only after the tag has verified.
            return c.doFinal(sealed, Vault.IV_LENGTH, sealed.length - Vault.IV_LENGTH);
        } catch (AEADBadTagException e) {
            throw new RecordTamperedException("record failed AES-GCM authentication");
        } catch (GeneralSecurityException e) {
            throw new StorageException("AES-GCM decryption failed: " + e.getClass().getSimpleName());
        }
    }

    /** Zeroizes the key bytes and the cipher's copies, and drops the JCA objects. Idempotent. */
    @Override
    public void close() {
        WipeableAesKey.scrub(gcm, LENGTH);
        Arrays.fill(key, (byte) 0);
        if (spec != null) {
            spec.destroy();
        }
        spec = null;
        gcm = null;
    }

    @Override
    public String toString() {
        return "DataKey[AES-256]";
    }
}
