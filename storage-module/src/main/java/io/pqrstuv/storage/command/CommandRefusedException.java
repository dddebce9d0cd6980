package io.pqrstuv.storage.command;

import io.pqrstuv.icp.ResponseCode;

/**
 * A command stops with an ICP error code. The message is for tests and never leaves the module:
 * the reply carries the code only, and the message never holds key material or request data.
 */
public final class CommandRefusedException extends Exception {
    private final ResponseCode code;

    public CommandRefusedException(ResponseCode code, String message) {
        super(code + ": " + message, null, false, false);
        this.code = code;
    }

    public ResponseCode code() {
        return code;
    }

    public static CommandRefusedException cmdFail(String why) {
        return new CommandRefusedException(ResponseCode.CMD_FAIL, why);
    }

    public static CommandRefusedException keyMismatch(String why) {
        return new CommandRefusedException(ResponseCode.CRYPTO_KEY_MISMATCH, why);
    }

    public static CommandRefusedException syntax(String why) {
        return new CommandRefusedException(ResponseCode.INVALID_SYNTAX, why);
    }
}
