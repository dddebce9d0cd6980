package io.pqrstuv.storage.store;

import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Opens the storage named by the {@code --vault} launch option over a state directory.
 * {@code memory} keeps everything in RAM; the encrypted backends (dev, tpm, pkcs11:CONFIG)
 * arrive with the secure-storage issue.
 */
public final class StorageFactory {
    private StorageFactory() {
    }

    public static SecureStorage open(String vault, Path stateDir, SecureRandom random) throws StorageException {
        return switch (vault) {
            case "memory" -> new InMemoryStorage();
            default -> throw new StorageException("vault '" + vault + "' is not available yet");
        };
    }
}
