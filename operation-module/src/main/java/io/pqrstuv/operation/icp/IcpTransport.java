package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.payload.RequestPayload;

/** Sends one ICP command and returns its validated reply; what the API handlers depend on. */
public interface IcpTransport {
    /**
     * Sends {@code request} exactly once and waits for its reply. The caller still owns the
     * request's token and operation data and wipes them.
     *
     * @throws NoValidReplyException when no valid reply arrives (HTTP 500)
     */
    IcpReply call(RequestPayload request) throws NoValidReplyException;
}
