package io.pqrstuv.client.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** SHA-256 certificate fingerprints: what a pin is compared with, and how it is shown. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** SHA-256 over the certificate's DER. */
    public static byte[] sha256(X509Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /** Colon-separated upper-case hex, the form {@code openssl x509 -fingerprint -sha256} prints. */
    public static String format(byte[] sha256) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
    }
}
