package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import java.util.Arrays;
import java.util.Objects;

/**
 * SEC_SET_CONF (D-13): {@code encrypted_secret ‖ symmetric_key}. The encrypted secret is
 * IV(12) ‖ AES-256-GCM ciphertext ‖ tag(16); the symmetric key is the AES key wrapped to the
 * SEC_SET_INIT key pair (an ML-KEM ciphertext or an RSA-OAEP ciphertext), whose length only the
 * device knows. So the storage side splits with {@link #decode(byte[], int)}.
 */
public record SecSetConfRequest(byte[] encryptedSecret, byte[] wrappedKey) implements CommandRequest<NoDataReply> {
    public static final Command COMMAND = Command.SEC_SET_CONF;
    public static final int IV_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    /** The shortest encrypted secret: IV and tag around an empty secret. */
    public static final int MIN_ENCRYPTED_SECRET = IV_LENGTH + TAG_LENGTH;

    public SecSetConfRequest {
        Objects.requireNonNull(encryptedSecret, "encryptedSecret");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
    }

    /**
     * Splits the operation data, the wrapped key being the last {@code wrappedKeyLength} bytes.
     *
     * @throws CommandDataException if fewer than {@link #MIN_ENCRYPTED_SECRET} bytes are left for the
     *     encrypted secret (the device answers CMD_FAIL, D-14)
     */
    public static SecSetConfRequest decode(byte[] opData, int wrappedKeyLength) throws CommandDataException {
        if (wrappedKeyLength < 0) {
            throw new IllegalArgumentException("negative wrapped-key length");
        }
        int encrypted = opData.length - wrappedKeyLength;
        if (encrypted < MIN_ENCRYPTED_SECRET) {
            throw new CommandDataException(COMMAND, "operation data of " + opData.length + " bytes leaves "
                    + encrypted + " for the encrypted secret, less than " + MIN_ENCRYPTED_SECRET);
        }
        return new SecSetConfRequest(Arrays.copyOf(opData, encrypted),
                Arrays.copyOfRange(opData, encrypted, opData.length));
    }

    @Override
    public Command command() {
        return COMMAND;
    }

    @Override
    public byte[] encode() {
        return Layouts.concat(encryptedSecret, wrappedKey);
    }

    @Override
    public NoDataReply decodeReply(byte[] data) throws CommandDataException {
        return NoDataReply.decode(COMMAND, data);
    }

    /** Zeroizes both parts. */
    public void wipe() {
        Arrays.fill(encryptedSecret, (byte) 0);
        Arrays.fill(wrappedKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "SecSetConfRequest[encryptedSecret=" + encryptedSecret.length + " bytes, wrappedKey="
                + wrappedKey.length + " bytes]";
    }
}
