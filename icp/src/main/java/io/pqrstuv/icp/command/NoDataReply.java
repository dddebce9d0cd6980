package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;

/** The SUCCESS reply of SEC_SET_CONF, DEV_RST, CRYPTO_RST and KEY_DEL: no data at all. */
public record NoDataReply() implements CommandReply {
    static void check(Command command, byte[] data) throws CommandDataException {
        Layouts.exactly(command, "reply data", data, 0);
    }

    public static NoDataReply decode(Command command, byte[] data) throws CommandDataException {
        check(command, data);
        return new NoDataReply();
    }

    @Override
    public byte[] encode() {
        return new byte[0];
    }
}
