package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;

/** INIT: no operation data; the reply is a new session and its nonce. */
public record InitRequest() implements CommandRequest<InitReply> {
    public static final Command COMMAND = Command.INIT;

    public static InitRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new InitRequest();
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
    public InitReply decodeReply(byte[] data) throws CommandDataException {
        return InitReply.decode(data);
    }
}
