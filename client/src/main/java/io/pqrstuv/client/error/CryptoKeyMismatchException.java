package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** ICP CRYPTO_KEY_MISMATCH: the key or algorithm does not fit this operation. */
public final class CryptoKeyMismatchException extends DeviceException {
    CryptoKeyMismatchException(Api api) {
        super(api, ResponseCode.CRYPTO_KEY_MISMATCH, "the key or algorithm does not fit this operation");
    }
}
