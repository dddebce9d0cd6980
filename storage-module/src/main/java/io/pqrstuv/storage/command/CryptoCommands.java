package io.pqrstuv.storage.command;

import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.store.SecureStorage;
import io.pqrstuv.storage.store.StorageException;
import java.util.Arrays;

/** DECAPS and SIGN: op data = key id(16) ‖ ciphertext or SHA3-256 digest. */
final class CryptoCommands {
    static final int DIGEST_LENGTH = 32;

    private final DeviceCrypto crypto;
    private final SecureStorage storage;
    private final EntropySource entropy;

    CryptoCommands(DeviceCrypto crypto, SecureStorage storage, EntropySource entropy) {
        this.crypto = crypto;
        this.storage = storage;
        this.entropy = entropy;
    }

    /** Spec order: key exists (CMD_FAIL) → KEM key (CRYPTO_KEY_MISMATCH) → ciphertext size (CRYPTO_KEY_MISMATCH) → failure (CMD_FAIL). */
    Outcome decapsulate(byte[] opData) throws IcpException, StorageException {
        byte[] id = Arrays.copyOf(opData, KeyIds.LENGTH);
        try (PrivateKeyBlob key = StoredKeys.load(storage, id)) {
            if (!key.algorithm().isKem()) {
                throw IcpException.keyMismatch("DECAPS with a signature key");
            }
            int ctLength = opData.length - KeyIds.LENGTH;
            if (ctLength != crypto.ciphertextLength(key)) {
                throw IcpException.keyMismatch("ciphertext size does not match the key");
            }
            byte[] ct = Arrays.copyOfRange(opData, KeyIds.LENGTH, opData.length);
            try {
                // The reply data array is zeroized by the server once the frame is written.
                return Outcome.success(crypto.decapsulate(key, ct));
            } catch (DecapsulationException e) {
                throw IcpException.cmdFail("decryption failed");
            } finally {
                Arrays.fill(ct, (byte) 0);
            }
        }
    }

    /** Spec order: key exists (CMD_FAIL) → signature key (CRYPTO_KEY_MISMATCH) → 32-byte digest (CMD_FAIL). */
    Outcome sign(byte[] opData) throws IcpException, StorageException {
        byte[] id = Arrays.copyOf(opData, KeyIds.LENGTH);
        try (PrivateKeyBlob key = StoredKeys.load(storage, id)) {
            if (!key.algorithm().isSignature()) {
                throw IcpException.keyMismatch("SIGN with a KEM or encryption key");
            }
            if (opData.length - KeyIds.LENGTH != DIGEST_LENGTH) {
                throw IcpException.cmdFail("the digest is not 32 bytes");
            }
            byte[] digest = Arrays.copyOfRange(opData, KeyIds.LENGTH, opData.length);
            return Outcome.success(crypto.sign(key, digest, entropy.secureRandom()));
        }
    }
}
