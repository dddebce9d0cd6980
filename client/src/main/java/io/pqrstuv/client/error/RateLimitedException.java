package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP RATE_LIMITED: too many wrong secrets; authenticated commands are locked for up to 30 minutes. */
public final class RateLimitedException extends DeviceException {
    RateLimitedException(Api api) {
        super(api, ResponseCode.RATE_LIMITED, "too many wrong secrets; authenticated commands are locked for up to 30 minutes");
    }
}
