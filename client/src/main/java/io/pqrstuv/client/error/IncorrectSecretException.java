package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP INCORRECT_SECRET: the secret is wrong (3 failures in 5 minutes lock authenticated commands for 30 minutes). */
public final class IncorrectSecretException extends DeviceException {
    IncorrectSecretException(Api api) {
        super(api, ResponseCode.INCORRECT_SECRET, "the secret is wrong (3 failures in 5 minutes lock authenticated commands for 30 minutes)");
    }
}
