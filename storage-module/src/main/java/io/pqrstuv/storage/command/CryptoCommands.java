package io.pqrstuv.storage.command;

import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.icp.command.DecapsReply;
import io.pqrstuv.icp.command.DecapsRequest;
import io.pqrstuv.icp.command.SignRequest;
import io.pqrstuv.icp.command.SignatureReply;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.store.SecureStorage;
import java.util.Arrays;

/** DECAPS and SIGN: op data = key id(16) ‖ ciphertext or SHA3-256 digest ({@code icp.command}). */
final class CryptoCommands {
    private final DeviceCrypto crypto;
    private final SecureStorage storage;
    private final EntropySource entropy;

    CryptoCommands(DeviceCrypto crypto, SecureStorage storage, EntropySource entropy) {
        this.crypto = crypto;
        this.storage = storage;
        this.entropy = entropy;
    }

    /** Spec order: key exists (CMD_FAIL) → KEM key (CRYPTO_KEY_MISMATCH) → ciphertext size (CRYPTO_KEY_MISMATCH) → failure (CMD_FAIL). */
    Outcome decapsulate(byte[] opData) throws CommandRefusedException, StorageException, CommandDataException {
        DecapsRequest request = DecapsRequest.decode(opData);
        try (PrivateKeyBlob key = StoredKeys.load(storage, request.keyId())) {
            if (!key.algorithm().isKem()) {
                throw CommandRefusedException.keyMismatch("DECAPS with a signature key");
            }
            if (request.ciphertext().length != crypto.ciphertextLength(key)) {
                throw CommandRefusedException.keyMismatch("ciphertext size does not match the key");
            }
            byte[] plaintext = crypto.decapsulate(key, request.ciphertext());
            try {
                // The reply data array is zeroized by the server once the frame is written.
                return Outcome.success(new DecapsReply(plaintext).encode());
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } catch (DecapsulationException e) {
            throw CommandRefusedException.cmdFail("decryption failed");
        } finally {
            Arrays.fill(request.ciphertext(), (byte) 0);
        }
    }

    /** Spec order: key exists (CMD_FAIL) → signature key (CRYPTO_KEY_MISMATCH) → 32-byte digest (CMD_FAIL). */
    Outcome sign(byte[] opData) throws CommandRefusedException, StorageException, CommandDataException {
        SignRequest request = SignRequest.decode(opData);
        try (PrivateKeyBlob key = StoredKeys.load(storage, request.keyId())) {
            if (!key.algorithm().isSignature()) {
                throw CommandRefusedException.keyMismatch("SIGN with a KEM or encryption key");
            }
            if (!request.hasSignDigest()) {
                throw CommandRefusedException.cmdFail("the digest is not 32 bytes");
            }
            return Outcome.success(new SignatureReply(crypto.sign(key, request.digest(), entropy.secureRandom())).encode());
        }
    }
}
