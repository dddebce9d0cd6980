package io.pqrstuv.client.error;

/** The device could not be reached, or the TLS connection failed. */
public sealed class TransportException extends PqrstuvException permits UntrustedCertificateException {
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
