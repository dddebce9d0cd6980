package io.pqrstuv.storage.persist;

/**
 * The store failed (I/O, integrity, root of trust). Maps to CMD_FAIL for a record that fails
 * authentication, UNKNOWN_ERR otherwise. Never carries key material or the secret.
 */
public class StorageException extends Exception {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
