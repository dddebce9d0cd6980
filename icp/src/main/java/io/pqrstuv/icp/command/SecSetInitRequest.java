package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.alg.AlgId;

/**
 * SEC_SET_INIT: the 3-byte COSE id of the KEM or encryption algorithm for the new ephemeral key
 * pair (D-12); the reply is its public COSE_Key.
 */
public record SecSetInitRequest(int algorithm) implements CommandRequest<PublicKeyReply> {
    public static final Command COMMAND = Command.SEC_SET_INIT;

    /** @param algorithm a COSE algorithm id that fits 3 bytes (listed or not: the device decides) */
    public SecSetInitRequest {
        Layouts.algorithm(algorithm);
    }

    public static SecSetInitRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new SecSetInitRequest(AlgId.decode(opData));
    }

    @Override
    public Command command() {
        return COMMAND;
    }

    @Override
    public byte[] encode() {
        return AlgId.encode(algorithm);
    }

    @Override
    public PublicKeyReply decodeReply(byte[] data) throws CommandDataException {
        return PublicKeyReply.decode(COMMAND, data);
    }
}
