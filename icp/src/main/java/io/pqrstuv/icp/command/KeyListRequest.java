package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.alg.AlgId;

/** KEY_LST: the 3-byte COSE id of the algorithm whose keys to list (D-12). */
public record KeyListRequest(int algorithm) implements CommandRequest<KeyListReply> {
    public static final Command COMMAND = Command.KEY_LST;

    /** @param algorithm a COSE algorithm id that fits 3 bytes (listed or not: the device decides) */
    public KeyListRequest {
        Layouts.algorithm(algorithm);
    }

    public static KeyListRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new KeyListRequest(AlgId.decode(opData));
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
    public KeyListReply decodeReply(byte[] data) throws CommandDataException {
        return KeyListReply.decode(data);
    }
}
