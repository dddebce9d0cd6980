package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import java.util.Arrays;
import java.util.Objects;

/**
 * IMPORT: the private COSE_Key CBOR (any length on the wire; the device parses it, D-18); the reply
 * is the new key's identifier. Holds a private key: {@link #wipe()} it when done.
 */
public record ImportRequest(byte[] privateKey) implements CommandRequest<KeyIdReply> {
    public static final Command COMMAND = Command.IMPORT;

    public ImportRequest {
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public static ImportRequest decode(byte[] opData) {
        return new ImportRequest(opData.clone());
    }

    @Override
    public Command command() {
        return COMMAND;
    }

    @Override
    public byte[] encode() {
        return privateKey.clone();
    }

    @Override
    public KeyIdReply decodeReply(byte[] data) throws CommandDataException {
        return KeyIdReply.decode(COMMAND, data);
    }

    public void wipe() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "ImportRequest[" + privateKey.length + " bytes]";
    }
}
