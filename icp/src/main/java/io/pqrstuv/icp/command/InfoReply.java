package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import java.util.Objects;

/** GET_INFO reply: the device's info map as CBOR (never empty; its content is the caller's to parse). */
public record InfoReply(byte[] cbor) implements CommandReply {
    public InfoReply {
        Objects.requireNonNull(cbor, "cbor");
    }

    static void check(byte[] data) throws CommandDataException {
        Layouts.nonEmpty(Command.GET_INFO, "reply data", data);
    }

    public static InfoReply decode(byte[] data) throws CommandDataException {
        check(data);
        return new InfoReply(data.clone());
    }

    @Override
    public byte[] encode() {
        return cbor.clone();
    }

    @Override
    public String toString() {
        return "InfoReply[" + cbor.length + " bytes]";
    }
}
