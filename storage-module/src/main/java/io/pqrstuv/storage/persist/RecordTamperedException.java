package io.pqrstuv.storage.persist;

/** A stored record failed AES-GCM authentication: the key fails closed (CMD_FAIL). */
public final class RecordTamperedException extends StorageException {
    public RecordTamperedException(String message) {
        super(message);
    }
}
