package io.pqrstuv.client.error;

import java.util.Optional;

/** The device presented a certificate that is not the trusted one, or TLS 1.3 could not be negotiated. */
public final class UntrustedCertificateException extends TransportException {
    private final String presentedFingerprint;

    public UntrustedCertificateException(String message, String presentedFingerprint, Throwable cause) {
        super(message, cause);
        this.presentedFingerprint = presentedFingerprint;
    }

    /** SHA-256 fingerprint (hex with colons) of the leaf the peer sent, when the handshake got that far. */
    public Optional<String> presentedFingerprint() {
        return Optional.ofNullable(presentedFingerprint);
    }
}
