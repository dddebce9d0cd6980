package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;

/** KEY_DEL: the 16-byte key identifier; no reply data. */
public record KeyDeleteRequest(byte[] keyId) implements CommandRequest<NoDataReply> {
    public static final Command COMMAND = Command.KEY_DEL;

    public KeyDeleteRequest {
        Layouts.keyId(keyId);
    }

    public static KeyDeleteRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new KeyDeleteRequest(opData.clone());
    }

    @Override
    public Command command() {
        return COMMAND;
    }

    @Override
    public byte[] encode() {
        return keyId.clone();
    }

    @Override
    public NoDataReply decodeReply(byte[] data) throws CommandDataException {
        return NoDataReply.decode(COMMAND, data);
    }

    @Override
    public String toString() {
        return "KeyDeleteRequest[" + KeyIds.LENGTH + "-byte id]";
    }
}
