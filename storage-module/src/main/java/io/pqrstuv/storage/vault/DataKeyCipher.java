package io.pqrstuv.storage.vault;

import io.pqrstuv.storage.persist.StorageException;
import java.security.SecureRandom;

/**
 * AES-256-GCM on a 32-byte data key that a backend has released into RAM for one operation
 * (the dev key file, the tpm2-tools fallback's unsealed key). Both operations consume the data
 * key: it is zeroized before they return, on every path.
 */
final class DataKeyCipher {
    static final int KEY_LENGTH = DataKey.LENGTH;

    private DataKeyCipher() {
    }

    static byte[] encrypt(byte[] key, SecureRandom random, byte[] plaintext, byte[] aad) throws StorageException {
        try (DataKey k = new DataKey(key)) {
            return k.encrypt(random, plaintext, aad);
        }
    }

    static byte[] decrypt(byte[] key, byte[] sealed, byte[] aad) throws StorageException {
        try (DataKey k = new DataKey(key)) {
            return k.decrypt(sealed, aad);
        }
    }
}
