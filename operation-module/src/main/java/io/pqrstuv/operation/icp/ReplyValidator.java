package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.icp.command.CommandReply;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.icp.payload.ResponsePayloadException;
import java.util.Arrays;

/**
 * D-49: a reply is accepted only if it echoes the request's session and command (or is a
 * FFFFFFFF/FF framing error with CHECKSUM_FAIL or CMD_REJECTED) and its SUCCESS data follows the
 * command's reply layout ({@link CommandReply#check}; for PING: the echo is the request's data).
 * Everything else is an {@link NoValidReplyException}.
 */
final class ReplyValidator {
    private ReplyValidator() {
    }

    static IcpReply validate(RequestPayload request, byte[] payload) throws NoValidReplyException {
        ResponsePayload reply;
        try {
            reply = ResponsePayload.decode(payload);
        } catch (ResponsePayloadException e) {
            throw new NoValidReplyException("malformed reply: " + e.getMessage());
        }
        if (reply.session() == Sessions.FRAMING_ERROR && reply.command() == Sessions.FRAMING_ERROR_COMMAND) {
            if (reply.code() == ResponseCode.CHECKSUM_FAIL || reply.code() == ResponseCode.CMD_REJECTED) {
                return new IcpReply(reply.code(), reply.data());
            }
            throw new NoValidReplyException("framing-error reply with code " + reply.code());
        }
        if (reply.session() != request.session()) {
            throw new NoValidReplyException("reply session " + Sessions.hex(reply.session()) + " does not echo the request");
        }
        if (reply.command() != request.command()) {
            throw new NoValidReplyException(String.format("reply command 0x%02X does not echo 0x%02X", reply.command(), request.command()));
        }
        if (reply.isSuccess()) {
            checkData(request, reply.data());
        }
        return new IcpReply(reply.code(), reply.data());
    }

    private static void checkData(RequestPayload request, byte[] data) throws NoValidReplyException {
        Command command = request.knownCommand().orElseThrow(() -> new NoValidReplyException("unknown command sent"));
        try {
            CommandReply.check(command, data);
        } catch (CommandDataException e) {
            throw new NoValidReplyException("inconsistent reply data: " + e.getMessage());
        }
        // The echo itself, not just its length: a late reply to an earlier PING of the same
        // length (session 0, same command) would otherwise be handed to this caller.
        if (command == Command.PING && !Arrays.equals(data, request.opData())) {
            throw new NoValidReplyException("PING reply does not echo the request's data");
        }
    }
}
