package io.pqrstuv.icp.command;

import java.util.Arrays;
import java.util.Objects;

/** PING reply: the request's data, echoed (D-49: the operation module compares the bytes). */
public record PingReply(byte[] data) implements CommandReply {
    public PingReply {
        Objects.requireNonNull(data, "data");
    }

    static void check(byte[] data) {
        // Any length: the echo is compared with the request by whoever holds it.
    }

    public static PingReply decode(byte[] data) {
        return new PingReply(data.clone());
    }

    /** Whether this reply echoes {@code request} byte for byte. */
    public boolean echoes(PingRequest request) {
        return Arrays.equals(data, request.data());
    }

    @Override
    public byte[] encode() {
        return data.clone();
    }

    @Override
    public String toString() {
        return "PingReply[" + data.length + " bytes]";
    }
}
