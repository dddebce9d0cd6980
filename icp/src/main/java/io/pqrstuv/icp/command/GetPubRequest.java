package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;

/** GET_PUB: the 16-byte key identifier; the reply is the public COSE_Key. */
public record GetPubRequest(byte[] keyId) implements CommandRequest<PublicKeyReply> {
    public static final Command COMMAND = Command.GET_PUB;

    public GetPubRequest {
        Layouts.keyId(keyId);
    }

    public static GetPubRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new GetPubRequest(opData.clone());
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
    public PublicKeyReply decodeReply(byte[] data) throws CommandDataException {
        return PublicKeyReply.decode(COMMAND, data);
    }

    @Override
    public String toString() {
        return "GetPubRequest[" + KeyIds.LENGTH + "-byte id]";
    }
}
