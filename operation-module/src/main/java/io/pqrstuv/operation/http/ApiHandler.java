package io.pqrstuv.operation.http;

import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.NoValidReplyException;

/** Handles one ECP API after routing, header and body checks. */
@FunctionalInterface
public interface ApiHandler {
    /**
     * @throws EcpHttpException for 400/417/500 outcomes decided by the handler
     * @throws ErrorCodeReplyException when the storage module answered with an error code (200 with that code)
     * @throws NoValidReplyException when the storage module gave no valid reply (500)
     */
    EcpResult handle(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException;
}
