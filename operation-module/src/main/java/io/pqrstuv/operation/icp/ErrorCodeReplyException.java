package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.ResponseCode;
import java.util.Objects;

/**
 * The storage module answered a command with a valid reply carrying an error code. Processing of the
 * ECP call stops there, and the call is answered 200 with that code and result None (D-24): the one
 * place where that happens is {@code EcpHandler}. Not a failure of the link: compare
 * {@link NoValidReplyException}.
 */
public final class ErrorCodeReplyException extends Exception {
    private final ResponseCode code;

    public ErrorCodeReplyException(ResponseCode code) {
        super(code.toString(), null, false, false);
        if (code == ResponseCode.SUCCESS) {
            throw new IllegalArgumentException("SUCCESS is not an error code");
        }
        this.code = Objects.requireNonNull(code);
    }

    public ResponseCode code() {
        return code;
    }
}
