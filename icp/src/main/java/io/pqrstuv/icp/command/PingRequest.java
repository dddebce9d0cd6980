package io.pqrstuv.icp.command;

import io.pqrstuv.icp.Command;
import java.util.Objects;

/** PING: any operation data, echoed as the reply data. */
public record PingRequest(byte[] data) implements CommandRequest<PingReply> {
    public static final Command COMMAND = Command.PING;

    public PingRequest {
        Objects.requireNonNull(data, "data");
    }

    public static PingRequest decode(byte[] opData) {
        return new PingRequest(opData.clone());
    }

    @Override
    public Command command() {
        return COMMAND;
    }

    @Override
    public byte[] encode() {
        return data.clone();
    }

    @Override
    public PingReply decodeReply(byte[] reply) {
        return PingReply.decode(reply);
    }

    @Override
    public String toString() {
        return "PingRequest[" + data.length + " bytes]";
    }
}
