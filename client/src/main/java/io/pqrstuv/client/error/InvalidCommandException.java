package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP INVALID_CMD: the storage module does not know the command. */
public final class InvalidCommandException extends DeviceException {
    InvalidCommandException(Api api) {
        super(api, ResponseCode.INVALID_CMD, "the storage module does not know the command");
    }
}
