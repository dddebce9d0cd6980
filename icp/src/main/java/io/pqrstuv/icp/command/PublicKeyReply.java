package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import java.util.Objects;

/** SEC_SET_INIT and GET_PUB reply: a public COSE_Key as CBOR (never empty). */
public record PublicKeyReply(byte[] coseKey) implements CommandReply {
    public PublicKeyReply {
        Objects.requireNonNull(coseKey, "coseKey");
    }

    static void check(Command command, byte[] data) throws CommandDataException {
        Layouts.nonEmpty(command, "reply data", data);
    }

    public static PublicKeyReply decode(Command command, byte[] data) throws CommandDataException {
        check(command, data);
        return new PublicKeyReply(data.clone());
    }

    @Override
    public byte[] encode() {
        return coseKey.clone();
    }

    @Override
    public String toString() {
        return "PublicKeyReply[" + coseKey.length + " bytes]";
    }
}
