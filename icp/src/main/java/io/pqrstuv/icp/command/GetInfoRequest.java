package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;

/** GET_INFO: no operation data; the reply is the device's CBOR info map. */
public record GetInfoRequest() implements CommandRequest<InfoReply> {
    public static final Command COMMAND = Command.GET_INFO;

    public static GetInfoRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new GetInfoRequest();
    }

    @Override
    public Command command() {
        return COMMAND;
    }

    @Override
    public byte[] encode() {
        return new byte[0];
    }

    @Override
    public InfoReply decodeReply(byte[] data) throws CommandDataException {
        return InfoReply.decode(data);
    }
}
