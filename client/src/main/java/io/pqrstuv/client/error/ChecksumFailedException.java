package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP CHECKSUM_FAIL: the serial frame was corrupted; the command did not run and may be repeated. */
public final class ChecksumFailedException extends DeviceException {
    ChecksumFailedException(Api api) {
        super(api, ResponseCode.CHECKSUM_FAIL, "the serial frame was corrupted; the command did not run and may be repeated");
    }
}
