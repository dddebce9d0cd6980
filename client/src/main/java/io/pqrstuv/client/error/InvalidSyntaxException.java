package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP INVALID_SYNTAX: the storage module could not parse the request. */
public final class InvalidSyntaxException extends DeviceException {
    InvalidSyntaxException(Api api) {
        super(api, ResponseCode.INVALID_SYNTAX, "the storage module could not parse the request");
    }
}
