package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;

/** The device answered HTTP 200 with a non-zero ICP response code: the storage module refused the command. */
public abstract sealed class DeviceException extends PqrstuvException
        permits IncorrectSecretException, RateLimitedException, SessionUnavailableException,
                CryptoKeyMismatchException, CommandFailedException, InvalidCommandException,
                InvalidSyntaxException, ChecksumFailedException, CommandRejectedException, UnknownErrorException {
    private final ResponseCode code;
    private final Api api;

    DeviceException(Api api, ResponseCode code, String meaning) {
        super(api.path() + ": " + code.name() + " (" + code.code() + "): " + meaning);
        this.code = code;
        this.api = api;
    }

    public ResponseCode code() {
        return code;
    }

    public Api api() {
        return api;
    }

    /** The exception for a non-SUCCESS code. */
    public static DeviceException of(Api api, ResponseCode code) {
        return switch (code) {
            case INCORRECT_SECRET -> new IncorrectSecretException(api);
            case RATE_LIMITED -> new RateLimitedException(api);
            case SESSION_UNAVAILABLE -> new SessionUnavailableException(api);
            case CRYPTO_KEY_MISMATCH -> new CryptoKeyMismatchException(api);
            case CMD_FAIL -> new CommandFailedException(api);
            case INVALID_CMD -> new InvalidCommandException(api);
            case INVALID_SYNTAX -> new InvalidSyntaxException(api);
            case CHECKSUM_FAIL -> new ChecksumFailedException(api);
            case CMD_REJECTED -> new CommandRejectedException(api);
            case UNKNOWN_ERR -> new UnknownErrorException(api);
            case SUCCESS -> throw new IllegalArgumentException("SUCCESS is not an error");
        };
    }
}
