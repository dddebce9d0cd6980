package io.pqrstuv.operation.api;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.icp.IcpFailure;
import io.pqrstuv.operation.icp.IcpReply;
import io.pqrstuv.operation.icp.IcpTransport;

/** Sends an API's ICP command with the caller's session and token, verbatim (ECP-HDR-7). */
final class Icp {
    /** Largest operation data that fits one 50,000-byte frame (notes §0.1). */
    static final int MAX_OP_DATA = Frames.MAX_PAYLOAD - RequestPayload.HEADER_LENGTH;

    private Icp() {
    }

    static IcpReply send(IcpTransport icp, EcpCall call, Command command, byte[] opData) throws IcpFailure {
        return icp.call(new RequestPayload(call.session(), call.token(), command, opData));
    }

    /** Operation data too large for a frame is an input error, decided before any ICP call (ECP-PING-2). */
    static void checkOpDataSize(int length) throws EcpHttpException {
        if (length > MAX_OP_DATA) {
            throw EcpHttpException.badRequest("operation data over " + MAX_OP_DATA + " bytes");
        }
    }
}
