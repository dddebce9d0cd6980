package io.pqrstuv.client.error;

/**
 * Root of every failure the SDK reports. Messages are one line, name what went wrong, and never
 * carry the secret, a token or key material.
 */
public abstract sealed class PqrstuvException extends Exception
        permits DeviceException, HttpStatusException, TransportException, MalformedResponseException {
    PqrstuvException(String message) {
        super(message);
    }

    PqrstuvException(String message, Throwable cause) {
        super(message, cause);
    }
}
