package io.pqrstuv.operation.http;

/**
 * An ECP request that ends with an HTTP error status and the body {@code {}}. The message is for
 * tests and debugging only; it is never sent to the client and never names request data.
 */
public final class EcpHttpException extends Exception {
    private final int status;

    private EcpHttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: input error (body, JSON, types, values). */
    public static EcpHttpException badRequest(String why) {
        return new EcpHttpException(400, why);
    }

    /** 403: Session or Authorization header missing or not the right length (D-28). */
    public static EcpHttpException forbidden(String why) {
        return new EcpHttpException(403, why);
    }

    /** 404: no such API, or the wrong method for it (D-27). */
    public static EcpHttpException notFound(String why) {
        return new EcpHttpException(404, why);
    }

    /** 417: an encoding or decoding failure (base64url in a data field, DER in /import). */
    public static EcpHttpException expectationFailed(String why) {
        return new EcpHttpException(417, why);
    }

    /** 500: anything else (storage module silent or invalid, conversion failure, tool failure). */
    public static EcpHttpException internal(String why) {
        return new EcpHttpException(500, why);
    }

    public int status() {
        return status;
    }
}
