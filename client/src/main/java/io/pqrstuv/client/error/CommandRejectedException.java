package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP CMD_REJECTED: the serial frame was too large. */
public final class CommandRejectedException extends DeviceException {
    CommandRejectedException(Api api) {
        super(api, ResponseCode.CMD_REJECTED, "the serial frame was too large");
    }
}
