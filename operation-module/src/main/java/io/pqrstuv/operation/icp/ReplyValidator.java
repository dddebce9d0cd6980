package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.payload.MalformedResponseException;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import java.util.Arrays;

/**
 * D-49: a reply is accepted only if it echoes the request's session and command (or is a
 * FFFFFFFF/FF framing error with CHECKSUM_FAIL or CMD_REJECTED) and its data has the length the
 * command defines (for PING: the echo is the request's data). Everything else is an
 * {@link IcpFailure}.
 */
final class ReplyValidator {
    private static final int INIT_DATA = Sessions.LENGTH + 16;
    private static final int COUNT_FIELD = 4;

    private ReplyValidator() {
    }

    static IcpReply validate(RequestPayload request, byte[] payload) throws IcpFailure {
        ResponsePayload reply;
        try {
            reply = ResponsePayload.decode(payload);
        } catch (MalformedResponseException e) {
            throw new IcpFailure("malformed reply: " + e.getMessage());
        }
        if (reply.session() == Sessions.FRAMING_ERROR && reply.command() == Sessions.FRAMING_ERROR_COMMAND) {
            if (reply.code() == ResponseCode.CHECKSUM_FAIL || reply.code() == ResponseCode.CMD_REJECTED) {
                return new IcpReply(reply.code(), reply.data());
            }
            throw new IcpFailure("framing-error reply with code " + reply.code());
        }
        if (reply.session() != request.session()) {
            throw new IcpFailure("reply session " + Sessions.hex(reply.session()) + " does not echo the request");
        }
        if (reply.command() != request.command()) {
            throw new IcpFailure(String.format("reply command 0x%02X does not echo 0x%02X", reply.command(), request.command()));
        }
        if (reply.isSuccess()) {
            checkLength(request, reply.data());
        }
        return new IcpReply(reply.code(), reply.data());
    }

    private static void checkLength(RequestPayload request, byte[] data) throws IcpFailure {
        Command command = request.knownCommand().orElseThrow(() -> new IcpFailure("unknown command sent"));
        int n = data.length;
        boolean ok = switch (command) {
            case INIT -> n == INIT_DATA;
            case KEYGEN, IMPORT -> n == KeyIds.LENGTH;
            case KEY_DEL, DEV_RST, CRYPTO_RST, SEC_SET_CONF -> n == 0;
            case KEY_LST -> n >= COUNT_FIELD && n == COUNT_FIELD + (long) KeyIds.LENGTH * countOf(data);
            // The echo itself, not just its length: a late reply to an earlier PING of the same
            // length (session 0, same command) would otherwise be handed to this caller.
            case PING -> Arrays.equals(data, request.opData());
            case GET_INFO, GET_PUB, SEC_SET_INIT, SIGN -> n > 0;
            case DECAPS -> true; // an RSA-OAEP plaintext may be empty
        };
        if (!ok) {
            throw new IcpFailure(command == Command.PING ? "PING reply does not echo the request's data"
                    : command + " reply has an inconsistent length of " + n + " bytes");
        }
    }

    private static long countOf(byte[] data) {
        return Integer.toUnsignedLong(Sessions.fromBytes(data, 0));
    }
}
