package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.alg.AlgId;

/** KEYGEN: the 3-byte COSE id of the algorithm (D-12); the reply is the new key's identifier. */
public record KeygenRequest(int algorithm) implements CommandRequest<KeyIdReply> {
    public static final Command COMMAND = Command.KEYGEN;

    /** @param algorithm a COSE algorithm id that fits 3 bytes (listed or not: the device decides) */
    public KeygenRequest {
        Layouts.algorithm(algorithm);
    }

    public static KeygenRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new KeygenRequest(AlgId.decode(opData));
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
    public KeyIdReply decodeReply(byte[] data) throws CommandDataException {
        return KeyIdReply.decode(COMMAND, data);
    }
}
