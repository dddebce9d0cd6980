package io.pqrstuv.icp.payload;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.frame.Frames;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Request payload (operation module → storage module):
 * {@code session(4) ‖ token(16) ‖ command(1) ‖ opData}.
 *
 * <p>The command is kept as the raw byte so that an unknown command can be echoed in its
 * INVALID_CMD reply (D-6). {@link #toString()} never shows the token or the operation data.
 */
public record RequestPayload(int session, byte[] token, int command, byte[] opData) {
    public static final int TOKEN_LENGTH = 16;
    public static final int HEADER_LENGTH = Sessions.LENGTH + TOKEN_LENGTH + 1;
    /** The largest operation data one 50,000-byte frame can carry (notes §0.1). */
    public static final int MAX_OP_DATA = Frames.MAX_PAYLOAD - HEADER_LENGTH;
    private static final byte[] ZERO_TOKEN = new byte[TOKEN_LENGTH];

    public RequestPayload {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(opData, "opData");
        if (token.length != TOKEN_LENGTH) {
            throw new IllegalArgumentException("token must be 16 bytes");
        }
        if (command < 0 || command > 0xFF) {
            throw new IllegalArgumentException("command must be one byte");
        }
    }

    public RequestPayload(int session, byte[] token, Command command, byte[] opData) {
        this(session, token, command.code(), opData);
    }

    /** An unauthenticated request: session 0 and the all-zero token. */
    public static RequestPayload unauthenticated(Command command, byte[] opData) {
        return new RequestPayload(Sessions.UNAUTHENTICATED, ZERO_TOKEN.clone(), command, opData);
    }

    public Optional<Command> knownCommand() {
        return Command.fromCode(command);
    }

    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + opData.length];
        System.arraycopy(Sessions.toBytes(session), 0, out, 0, Sessions.LENGTH);
        System.arraycopy(token, 0, out, Sessions.LENGTH, TOKEN_LENGTH);
        out[Sessions.LENGTH + TOKEN_LENGTH] = (byte) command;
        System.arraycopy(opData, 0, out, HEADER_LENGTH, opData.length);
        return out;
    }

    /**
     * Splits a payload into its fields.
     *
     * @throws ShortPayloadException if fewer than 21 bytes (INVALID_SYNTAX on FFFFFFFF/FF, D-6)
     */
    public static RequestPayload decode(byte[] payload) throws ShortPayloadException {
        if (payload.length < HEADER_LENGTH) {
            throw new ShortPayloadException(payload.length, HEADER_LENGTH);
        }
        return new RequestPayload(
                Sessions.fromBytes(payload, 0),
                Arrays.copyOfRange(payload, Sessions.LENGTH, Sessions.LENGTH + TOKEN_LENGTH),
                payload[Sessions.LENGTH + TOKEN_LENGTH] & 0xFF,
                Arrays.copyOfRange(payload, HEADER_LENGTH, payload.length));
    }

    /** Overwrites the token and operation data with zeros. */
    public void wipe() {
        Arrays.fill(token, (byte) 0);
        Arrays.fill(opData, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestPayload r && r.session == session && r.command == command
                && Arrays.equals(r.token, token) && Arrays.equals(r.opData, opData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(session, command, Arrays.hashCode(opData));
    }

    @Override
    public String toString() {
        return "RequestPayload[session=" + Sessions.hex(session) + ", command=0x" + String.format("%02X", command)
                + Command.fromCode(command).map(c -> " " + c).orElse("") + ", opData=" + opData.length + " bytes]";
    }
}
