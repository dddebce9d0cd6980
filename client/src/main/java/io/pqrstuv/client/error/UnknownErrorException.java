package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP UNKNOWN_ERR: the storage module hit an internal error. */
public final class UnknownErrorException extends DeviceException {
    UnknownErrorException(Api api) {
        super(api, ResponseCode.UNKNOWN_ERR, "the storage module hit an internal error");
    }
}
