package io.pqrstuv.storage.command;

import io.pqrstuv.storage.store.StorageException;

/** Runs one command after the session, token and op-data length checks have passed. */
@FunctionalInterface
public interface CommandHandler {

    /**
     * @param opData the request's operation data; the processor zeroizes it afterwards
     * @throws IcpException for every error the spec or the notes assign a code to
     * @throws StorageException when the store fails (UNKNOWN_ERR, or CMD_FAIL for a tampered record)
     */
    Outcome handle(byte[] opData) throws IcpException, StorageException;
}
