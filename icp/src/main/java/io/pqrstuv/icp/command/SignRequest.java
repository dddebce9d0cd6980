package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import java.util.Arrays;
import java.util.Objects;

/**
 * SIGN: key identifier(16) ‖ digest. The digest must be a {@link SignDigest} (32 bytes), but the
 * spec checks that after the key lookup and the key type (CMD_FAIL), so {@link #decode} accepts any
 * length and {@link #hasSignDigest()} tells. The reply is the signature.
 */
public record SignRequest(byte[] keyId, byte[] digest) implements CommandRequest<SignatureReply> {
    public static final Command COMMAND = Command.SIGN;

    public SignRequest {
        Layouts.keyId(keyId);
        Objects.requireNonNull(digest, "digest");
    }

    /** A request to sign {@code document}: its SHA3-256 digest under {@code keyId}. */
    public static SignRequest ofDocument(byte[] keyId, byte[] document) {
        return new SignRequest(keyId, SignDigest.of(document));
    }

    public static SignRequest decode(byte[] opData) throws CommandDataException {
        Layouts.opDataRule(COMMAND, opData);
        return new SignRequest(Arrays.copyOf(opData, KeyIds.LENGTH),
                Arrays.copyOfRange(opData, KeyIds.LENGTH, opData.length));
    }

    /** Whether the digest has the one length SIGN accepts. */
    public boolean hasSignDigest() {
        return SignDigest.hasLength(digest);
    }

    @Override
    public Command command() {
        return COMMAND;
    }

    @Override
    public byte[] encode() {
        return Layouts.concat(keyId, digest);
    }

    @Override
    public SignatureReply decodeReply(byte[] data) throws CommandDataException {
        return SignatureReply.decode(data);
    }

    @Override
    public String toString() {
        return "SignRequest[digest=" + digest.length + " bytes]";
    }
}
