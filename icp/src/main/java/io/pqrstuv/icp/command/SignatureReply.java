package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import java.util.Objects;

/** SIGN reply: the signature (never empty; its size depends on the algorithm and key). */
public record SignatureReply(byte[] signature) implements CommandReply {
    public SignatureReply {
        Objects.requireNonNull(signature, "signature");
    }

    static void check(byte[] data) throws CommandDataException {
        Layouts.nonEmpty(Command.SIGN, "reply data", data);
    }

    public static SignatureReply decode(byte[] data) throws CommandDataException {
        check(data);
        return new SignatureReply(data.clone());
    }

    @Override
    public byte[] encode() {
        return signature.clone();
    }

    @Override
    public String toString() {
        return "SignatureReply[" + signature.length + " bytes]";
    }
}
