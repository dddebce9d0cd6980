package io.pqrstuv.storage.command;

import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.store.SecureStorage;

/** Loads a stored key as a blob the caller closes, or stops with CMD_FAIL when there is none. */
final class StoredKeys {
    private StoredKeys() {
    }

    static PrivateKeyBlob load(SecureStorage storage, byte[] id) throws CommandRefusedException, StorageException {
        SecureStorage.StoredKey stored = storage.getKey(id)
                .orElseThrow(() -> CommandRefusedException.cmdFail("no key under this identifier"));
        return new PrivateKeyBlob(stored.algorithm(), stored.cosePrivate());
    }
}
