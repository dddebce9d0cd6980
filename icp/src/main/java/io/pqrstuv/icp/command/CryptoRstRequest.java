package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;

/** CRYPTO_RST: no operation data, no reply data. */
public record CryptoRstRequest() implements CommandRequest<NoDataReply> {
    public static final Command COMMAND = Command.CRYPTO_RST;

    public static CryptoRstRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new CryptoRstRequest();
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
