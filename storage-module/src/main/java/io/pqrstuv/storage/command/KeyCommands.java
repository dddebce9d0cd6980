package io.pqrstuv.storage.command;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.icp.command.GetPubRequest;
import io.pqrstuv.icp.command.ImportRequest;
import io.pqrstuv.icp.command.KeyDeleteRequest;
import io.pqrstuv.icp.command.KeyIdReply;
import io.pqrstuv.icp.command.KeyListReply;
import io.pqrstuv.icp.command.KeyListRequest;
import io.pqrstuv.icp.command.KeygenRequest;
import io.pqrstuv.icp.command.PublicKeyReply;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.store.SecureStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Key lifecycle: KEYGEN, KEY_LST, KEY_DEL, IMPORT, GET_PUB. */
final class KeyCommands {
    private final DeviceCrypto crypto;
    private final SecureStorage storage;
    private final EntropySource entropy;
    private final List<Algorithm> profile;
    private final Set<Algorithm> allowed;

    KeyCommands(DeviceCrypto crypto, SecureStorage storage, EntropySource entropy, List<Algorithm> profile) {
        this.crypto = crypto;
        this.storage = storage;
        this.entropy = entropy;
        this.profile = profile;
        this.allowed = new LinkedHashSet<>(profile);
    }

    Outcome keygen(byte[] opData) throws CommandRefusedException, StorageException, CommandDataException {
        Algorithm alg = AlgorithmArgument.listed(KeygenRequest.decode(opData).algorithm(), profile);
        try (PrivateKeyBlob key = crypto.generate(alg, entropy.secureRandom())) {
            return Outcome.success(new KeyIdReply(store(key)).encode());
        }
    }

    /** Count (uint32 BE) ‖ ids in unsigned lexicographic order; identifiers only are loaded (ICP-KEY-6). */
    Outcome list(byte[] opData) throws CommandRefusedException, StorageException, CommandDataException {
        Algorithm alg = AlgorithmArgument.listed(KeyListRequest.decode(opData).algorithm(), profile);
        List<byte[]> ids = new ArrayList<>(storage.listIds(alg));
        ids.sort(KeyIds.ORDER);
        return Outcome.success(new KeyListReply(ids).encode());
    }

    Outcome delete(byte[] opData) throws CommandRefusedException, StorageException, CommandDataException {
        if (!storage.deleteKey(KeyDeleteRequest.decode(opData).keyId())) {
            throw CommandRefusedException.cmdFail("no key under this identifier");
        }
        return Outcome.success();
    }

    /** IMPORT: validated per D-18/D-19 by the crypto engine; the processor zeroizes the input. */
    Outcome importKey(byte[] opData) throws CommandRefusedException, StorageException {
        ImportRequest request = ImportRequest.decode(opData);
        PrivateKeyBlob key;
        try {
            key = crypto.parsePrivate(request.privateKey(), allowed);
        } catch (CoseKeyException e) {
            throw new CommandRefusedException(switch (e.reason()) {
                case SYNTAX -> ResponseCode.INVALID_SYNTAX;
                case ALGORITHM_NOT_LISTED -> ResponseCode.CMD_FAIL;
                case MISMATCH -> ResponseCode.CRYPTO_KEY_MISMATCH;
            }, "COSE_Key rejected: " + e.reason());
        } finally {
            request.wipe();
        }
        try (key) {
            return Outcome.success(new KeyIdReply(store(key)).encode());
        }
    }

    Outcome publicKey(byte[] opData) throws CommandRefusedException, StorageException, CommandDataException {
        try (PrivateKeyBlob key = StoredKeys.load(storage, GetPubRequest.decode(opData).keyId())) {
            return Outcome.success(new PublicKeyReply(crypto.publicCose(key)).encode());
        }
    }

    /** Stores under a fresh random identifier that no stored key uses (D-40). */
    private byte[] store(PrivateKeyBlob key) throws StorageException {
        byte[] id = new byte[KeyIds.LENGTH];
        do {
            entropy.nextBytes(id);
        } while (storage.contains(id));
        storage.putKey(id, key.algorithm(), key.cose());
        return Arrays.copyOf(id, id.length);
    }
}
