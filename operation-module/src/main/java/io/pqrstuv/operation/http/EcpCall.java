package io.pqrstuv.operation.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Api;
import java.util.Arrays;

/**
 * One authenticated-or-not ECP call after routing and header checks: the decoded Session and
 * Authorization bytes (used verbatim in the ICP frame, never stored), the request's
 * {@code data} member (null for GET) and the client IP taken from the TCP connection.
 */
public record EcpCall(Api api, int session, byte[] token, JsonNode data, String clientIp) {
    /** Zeroizes the token once the call is done; the Authorization header is never cached. */
    public void wipe() {
        Arrays.fill(token, (byte) 0);
    }

    @Override
    public String toString() {
        return "EcpCall[" + api.path() + " from " + clientIp + "]";
    }
}
