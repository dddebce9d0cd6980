package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;

/** KEYGEN and IMPORT reply: the new key's 16-byte identifier. */
public record KeyIdReply(byte[] keyId) implements CommandReply {
    public KeyIdReply {
        Layouts.keyId(keyId);
    }

    static void check(Command command, byte[] data) throws CommandDataException {
        Layouts.exactly(command, "reply data", data, KeyIds.LENGTH);
    }

    public static KeyIdReply decode(Command command, byte[] data) throws CommandDataException {
        check(command, data);
        return new KeyIdReply(data.clone());
    }

    @Override
    public byte[] encode() {
        return keyId.clone();
    }

    @Override
    public String toString() {
        return "KeyIdReply[" + KeyIds.hex(keyId) + "]";
    }
}
