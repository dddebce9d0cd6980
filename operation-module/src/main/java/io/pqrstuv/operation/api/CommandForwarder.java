package io.pqrstuv.operation.api;

import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.icp.command.CommandReply;
import io.pqrstuv.icp.command.CommandRequest;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.IcpReply;
import io.pqrstuv.operation.icp.IcpTransport;
import io.pqrstuv.operation.icp.NoValidReplyException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Sends an API's one ICP command with the caller's Session and Authorization bytes, verbatim
 * (ECP-HDR-7), and reads its typed SUCCESS reply. Any other code stops the call with
 * {@link ErrorCodeReplyException}, which the HTTP layer answers as 200 {@code {"code":n,"result":""}}.
 */
final class CommandForwarder {
    private final IcpTransport icp;

    CommandForwarder(IcpTransport icp) {
        this.icp = Objects.requireNonNull(icp);
    }

    /**
     * @throws EcpHttpException 400 when the operation data cannot fit one frame (ECP-PING-2); decided
     *     before anything is sent
     * @throws ErrorCodeReplyException when the storage module answers with an error code
     * @throws NoValidReplyException when it gives no valid reply
     */
    <R extends CommandReply> R send(EcpCall call, CommandRequest<R> request)
            throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        byte[] opData = request.encode();
        IcpReply reply;
        try {
            if (opData.length > RequestPayload.MAX_OP_DATA) {
                throw EcpHttpException.badRequest("operation data over " + RequestPayload.MAX_OP_DATA + " bytes");
            }
            reply = icp.call(new RequestPayload(call.session(), call.token(), request.command(), opData));
        } finally {
            Arrays.fill(opData, (byte) 0); // may hold a private key (IMPORT) or a wrapped secret key
        }
        if (!reply.isSuccess()) {
            throw new ErrorCodeReplyException(reply.code());
        }
        try {
            return request.decodeReply(reply.data());
        } catch (CommandDataException e) {
            throw new NoValidReplyException("reply data: " + e.getMessage()); // the reply validator already checked it
        } finally {
            reply.wipe(); // the typed reply holds its own copy
        }
    }
}
