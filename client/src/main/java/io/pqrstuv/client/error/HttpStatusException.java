package io.pqrstuv.client.error;

import io.pqrstuv.ecp.Api;

/** The operation module answered with a non-200 status (its body is always {@code {}}). */
public final class HttpStatusException extends PqrstuvException {
    private final int status;
    private final Api api;

    public HttpStatusException(Api api, int status) {
        super(api.path() + ": HTTP " + status + " " + meaning(status));
        this.status = status;
        this.api = api;
    }

    public int status() {
        return status;
    }

    public Api api() {
        return api;
    }

    static String meaning(int status) {
        return switch (status) {
            case 400 -> "(input rejected: wrong JSON, value out of range, or a request the device refuses)";
            case 403 -> "(Session or Authorization header rejected)";
            case 404 -> "(no such API on this device)";
            case 417 -> "(base64url or DER decoding failed, or an identifier is not 16 bytes)";
            case 500 -> "(device internal error, e.g. the storage module did not answer)";
            default -> "(unexpected status)";
        };
    }
}
