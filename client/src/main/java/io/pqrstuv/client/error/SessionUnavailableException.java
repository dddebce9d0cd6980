package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP SESSION_UNAVAILABLE: the session is unknown, expired or already used. */
public final class SessionUnavailableException extends DeviceException {
    SessionUnavailableException(Api api) {
        super(api, ResponseCode.SESSION_UNAVAILABLE, "the session is unknown, expired or already used");
    }
}
