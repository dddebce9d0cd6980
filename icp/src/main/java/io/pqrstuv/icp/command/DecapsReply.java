package io.pqrstuv.icp.command;

import java.util.Arrays;
import java.util.Objects;

/**
 * DECAPS reply: the ML-KEM shared secret or the RSA-OAEP plaintext (which may be empty). Secret:
 * {@link #wipe()} it as soon as it has been used.
 */
public record DecapsReply(byte[] plaintext) implements CommandReply {
    public DecapsReply {
        Objects.requireNonNull(plaintext, "plaintext");
    }

    static void check(byte[] data) {
        // Any length: an RSA-OAEP plaintext may even be empty.
    }

    public static DecapsReply decode(byte[] data) {
        return new DecapsReply(data.clone());
    }

    @Override
    public byte[] encode() {
        return plaintext.clone();
    }

    public void wipe() {
        Arrays.fill(plaintext, (byte) 0);
    }

    @Override
    public String toString() {
        return "DecapsReply[" + plaintext.length + " bytes]";
    }
}
