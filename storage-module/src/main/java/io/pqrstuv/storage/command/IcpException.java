package io.pqrstuv.storage.command;

import io.pqrstuv.icp.ResponseCode;

/**
 * A command stops with an ICP error code. The message is for tests and never leaves the module:
 * the reply carries the code only, and the message never holds key material or request data.
 */
public final class IcpException extends Exception {
    private final ResponseCode code;

    public IcpException(ResponseCode code, String message) {
        super(code + ": " + message, null, false, false);
        this.code = code;
    }

    public ResponseCode code() {
        return code;
    }

    public static IcpException cmdFail(String why) {
        return new IcpException(ResponseCode.CMD_FAIL, why);
    }

    public static IcpException keyMismatch(String why) {
        return new IcpException(ResponseCode.CRYPTO_KEY_MISMATCH, why);
    }

    public static IcpException syntax(String why) {
        return new IcpException(ResponseCode.INVALID_SYNTAX, why);
    }
}
