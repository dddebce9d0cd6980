package io.pqrstuv.storage.command;

import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.icp.command.PublicKeyReply;
import io.pqrstuv.icp.command.SecSetConfRequest;
import io.pqrstuv.icp.command.SecSetInitRequest;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.secret.AesGcmSecret;
import io.pqrstuv.storage.secret.PendingKeyPair;
import io.pqrstuv.storage.store.SecureStorage;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

/** SEC_SET_INIT and SEC_SET_CONF: changing the user secret through an ephemeral key pair (D-13, D-14). */
final class SecretCommands {
    /** The secret must be shorter than this (it is padded to 1024 bytes in storage). */
    static final int SECRET_LIMIT = 1024;

    private final DeviceCrypto crypto;
    private final SecureStorage storage;
    private final EntropySource entropy;
    private final PendingKeyPair pending;
    private final List<Algorithm> profile;

    SecretCommands(DeviceCrypto crypto, SecureStorage storage, EntropySource entropy, PendingKeyPair pending,
            List<Algorithm> profile) {
        this.crypto = crypto;
        this.storage = storage;
        this.entropy = entropy;
        this.pending = pending;
        this.profile = profile;
    }

    /** SEC_SET_INIT: a fresh KEM/encryption key pair in RAM; the reply is its public COSE_Key. */
    Outcome init(byte[] opData) throws CommandRefusedException, CommandDataException {
        Algorithm alg = AlgorithmArgument.listed(SecSetInitRequest.decode(opData).algorithm(), profile);
        if (!alg.isKem()) {
            throw CommandRefusedException.keyMismatch("SEC_SET_INIT needs a KEM or encryption algorithm");
        }
        pending.clear();
        PrivateKeyBlob keyPair = crypto.generate(alg, entropy.secureRandom());
        byte[] publicKey;
        try {
            publicKey = crypto.publicCose(keyPair);
        } catch (RuntimeException e) {
            keyPair.destroy();
            throw e;
        }
        pending.replace(keyPair);
        return Outcome.success(new PublicKeyReply(publicKey).encode());
    }

    /** SEC_SET_CONF: op data = encSecret ‖ wrappedKey, wrappedKey of the key pair's fixed length. */
    Outcome confirm(byte[] opData) throws CommandRefusedException, StorageException {
        PrivateKeyBlob live = pending.peek();
        if (live == null) {
            throw CommandRefusedException.cmdFail("no SEC_SET_INIT key pair in memory");
        }
        SecSetConfRequest request;
        try {
            request = SecSetConfRequest.decode(opData, crypto.ciphertextLength(live));
        } catch (CommandDataException e) {
            throw CommandRefusedException.cmdFail("operation data too short"); // the key pair stays (D-14)
        }
        // From here the key pair is one-shot, whatever the result (D-14).
        PrivateKeyBlob keyPair = pending.take();
        byte[] aesKey = null;
        byte[] secret = null;
        try {
            aesKey = crypto.decapsulate(keyPair, request.wrappedKey());
            if (aesKey.length != AesGcmSecret.KEY_LENGTH) {
                throw CommandRefusedException.cmdFail("the wrapped key is not 32 bytes");
            }
            byte[] encrypted = request.encryptedSecret();
            secret = AesGcmSecret.open(aesKey, encrypted, 0, encrypted.length);
            if (secret.length >= SECRET_LIMIT) {
                throw CommandRefusedException.cmdFail("secret not shorter than 1024 bytes");
            }
            storage.setSecret(secret);
            return Outcome.success();
        } catch (DecapsulationException e) {
            throw CommandRefusedException.cmdFail("key unwrapping failed");
        } catch (GeneralSecurityException e) {
            throw CommandRefusedException.cmdFail("secret decryption failed");
        } finally {
            keyPair.destroy();
            request.wipe();
            if (aesKey != null) {
                Arrays.fill(aesKey, (byte) 0);
            }
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }
}
