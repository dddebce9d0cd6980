package io.pqrstuv.operation.http;

import io.pqrstuv.operation.icp.ErrorCodeReply;
import io.pqrstuv.operation.icp.IcpFailure;

/** Handles one ECP API after routing, header and body checks. */
@FunctionalInterface
public interface ApiHandler {
    /**
     * @throws EcpHttpException for 400/417/500 outcomes decided by the handler
     * @throws ErrorCodeReply when the storage module answered with an error code (200 with that code)
     * @throws IcpFailure when the storage module gave no valid reply (500)
     */
    EcpResult handle(EcpCall call) throws EcpHttpException, ErrorCodeReply, IcpFailure;
}
