package io.pqrstuv.operation.http;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** Told about every routed call once its reply is decided (the audit log listens here). */
@FunctionalInterface
public interface CallObserver {
    /**
     * @param httpStatus the HTTP status sent
     * @param code the ICP code in a 200 reply, or null when the status is not 200
     */
    void completed(Api api, String clientIp, int httpStatus, ResponseCode code);
}
