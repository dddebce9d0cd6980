package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;

/** DEV_RST: no operation data, no reply data. */
public record DevRstRequest() implements CommandRequest<NoDataReply> {
    public static final Command COMMAND = Command.DEV_RST;

    public static DevRstRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new DevRstRequest();
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
    public NoDataReply decodeReply(byte[] data) throws CommandDataException {
        return NoDataReply.decode(COMMAND, data);
    }
}
