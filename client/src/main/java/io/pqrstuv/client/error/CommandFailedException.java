package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP CMD_FAIL: the command failed (unknown key id, algorithm not offered, a cryptographic failure, a QRNG that refuses). */
public final class CommandFailedException extends DeviceException {
    CommandFailedException(Api api) {
        super(api, ResponseCode.CMD_FAIL, "the command failed (unknown key id, algorithm not offered, a cryptographic failure, "
                + "or its entropy source (QRNG) refuses)");
    }
}
