package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import java.util.Arrays;
import java.util.Objects;

/**
 * DECAPS: key identifier(16) ‖ ciphertext. The ciphertext may have any length here: whether it
 * fits the key is the device's CRYPTO_KEY_MISMATCH check, made after the key lookup. The reply is
 * the shared secret or plaintext.
 */
public record DecapsRequest(byte[] keyId, byte[] ciphertext) implements CommandRequest<DecapsReply> {
    public static final Command COMMAND = Command.DECAPS;

    public DecapsRequest {
        Layouts.keyId(keyId);
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    public static DecapsRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new DecapsRequest(Arrays.copyOf(opData, KeyIds.LENGTH),
                Arrays.copyOfRange(opData, KeyIds.LENGTH, opData.length));
    }

    @Override
    public Command command() {
        return COMMAND;
    }

    @Override
    public byte[] encode() {
        return Layouts.concat(keyId, ciphertext);
    }

    @Override
    public DecapsReply decodeReply(byte[] data) {
        return DecapsReply.decode(data);
    }

    @Override
    public String toString() {
        return "DecapsRequest[ciphertext=" + ciphertext.length + " bytes]";
    }
}
