package io.pqrstuv.storage.vault.tpm;

import io.pqrstuv.storage.persist.StorageException;

/** The tpm2-tss libraries are not installed (or cannot be loaded) on this machine. */
public final class TpmUnavailableException extends StorageException {
    TpmUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
