package io.pqrstuv.storage.persist;

/**
 * The root of trust refuses to release a key because the measured state it is bound to no longer
 * holds (the TPM's PCRs changed: a tamper switch, another boot chain). Key operations fail closed
 * (CMD_FAIL) until the device boots into the measured state again.
 */
public final class KeyRefusedException extends StorageException {
    public KeyRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
