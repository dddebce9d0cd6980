package io.pqrstuv.storage.vault;

import io.pqrstuv.storage.persist.RecordTamperedException;
import io.pqrstuv.storage.persist.StorageException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM on a 32-byte data key that a backend has released into RAM for one operation
 * (the TPM's unsealed key, the dev key file). The JCA key object copies the bytes and cannot
 * be destroyed; it is dropped right away (limit recorded in docs/security.md). Both operations
 * consume the data key: it is zeroized before they return, on every path.
 */
final class DataKeyCipher {
    static final int KEY_LENGTH = 32;

    private DataKeyCipher() {
    }

    static byte[] encrypt(byte[] key, SecureRandom random, byte[] plaintext, byte[] aad) throws StorageException {
        try {
            return encryptWith(key, random, plaintext, aad);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    static byte[] decrypt(byte[] key, byte[] sealed, byte[] aad) throws StorageException {
        try {
            return decryptWith(key, sealed, aad);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] encryptWith(byte[] key, SecureRandom random, byte[] plaintext, byte[] aad) throws StorageException {
        checkKey(key);
        byte[] iv = new byte[Vault.IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(Vault.TAG_LENGTH * 8, iv));
            gcm.updateAAD(aad);
            byte[] sealed = new byte[Vault.IV_LENGTH + gcm.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, sealed, 0, Vault.IV_LENGTH);
            gcm.doFinal(plaintext, 0, plaintext.length, sealed, Vault.IV_LENGTH);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new StorageException("AES-GCM encryption failed: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] decryptWith(byte[] key, byte[] sealed, byte[] aad) throws StorageException {
        checkKey(key);
        if (sealed.length < Vault.IV_LENGTH + Vault.TAG_LENGTH) {
            throw new RecordTamperedException("record too short");
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(Vault.TAG_LENGTH * 8, sealed, 0, Vault.IV_LENGTH));
            gcm.updateAAD(aad);
            // The JDK releases GCM plaintext only after the tag has verified.
            return gcm.doFinal(sealed, Vault.IV_LENGTH, sealed.length - Vault.IV_LENGTH);
        } catch (AEADBadTagException e) {
            throw new RecordTamperedException("record failed AES-GCM authentication");
        } catch (GeneralSecurityException e) {
            throw new StorageException("AES-GCM decryption failed: " + e.getClass().getSimpleName());
        }
    }

    private static void checkKey(byte[] key) throws StorageException {
        if (key.length != KEY_LENGTH) {
            throw new StorageException("root-of-trust data key has the wrong length");
        }
    }
}
