package io.pqrstuv.icp.command;

import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.Sessions;
import java.util.Arrays;

/** INIT reply: session(4, big-endian) ‖ nonce(16). The nonce is what the token is computed over (D-9). */
public record InitReply(int session, byte[] nonce) implements CommandReply {
    public static final int LENGTH = Sessions.LENGTH + AuthToken.NONCE_LENGTH;

    public InitReply {
        if (nonce == null || nonce.length != AuthToken.NONCE_LENGTH) {
            throw new IllegalArgumentException("a nonce is " + AuthToken.NONCE_LENGTH + " bytes");
        }
    }

    static void check(byte[] data) throws CommandDataException {
        Layouts.exactly(Command.INIT, "reply data", data, LENGTH);
    }

    public static InitReply decode(byte[] data) throws CommandDataException {
        check(data);
        return new InitReply(Sessions.fromBytes(data, 0), Arrays.copyOfRange(data, Sessions.LENGTH, LENGTH));
    }

    /** The session as it travels: 4 big-endian bytes. */
    public byte[] sessionBytes() {
        return Sessions.toBytes(session);
    }

    @Override
    public byte[] encode() {
        byte[] out = Arrays.copyOf(Sessions.toBytes(session), LENGTH);
        System.arraycopy(nonce, 0, out, Sessions.LENGTH, AuthToken.NONCE_LENGTH);
        return out;
    }

    public void wipe() {
        Arrays.fill(nonce, (byte) 0);
    }

    @Override
    public String toString() {
        return "InitReply[session=" + Sessions.hex(session) + "]";
    }
}
