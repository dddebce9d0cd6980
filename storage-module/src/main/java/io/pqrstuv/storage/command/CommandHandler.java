package io.pqrstuv.storage.command;

import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.storage.persist.StorageException;

/** Runs one command after the session, token and op-data length checks have passed. */
@FunctionalInterface
public interface CommandHandler {

    /**
     * @param opData the request's operation data; the processor zeroizes it afterwards
     * @throws CommandRefusedException for every error the spec or the notes assign a code to
     * @throws StorageException when the store fails (UNKNOWN_ERR, or CMD_FAIL for a tampered record)
     * @throws CommandDataException when the op data breaks the command's layout (INVALID_SYNTAX; the
     *     processor's D-6 check runs first, so a handler sees this only for a layout the rule misses)
     */
    Outcome handle(byte[] opData) throws CommandRefusedException, StorageException, CommandDataException;
}
