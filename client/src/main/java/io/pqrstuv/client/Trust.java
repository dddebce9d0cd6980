package io.pqrstuv.client;

import io.pqrstuv.client.transport.Fingerprints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Which device certificate the client accepts. The device's certificate is self-signed (D-31), so
 * trust is an exact match of the leaf certificate: either one of the certificates in a file, or a
 * SHA-256 fingerprint of the leaf's DER. There is deliberately no "trust all".
 */
public sealed interface Trust {
    /** Accepts a leaf whose SHA-256 fingerprint is one of these (32 bytes each). */
    record Pinned(List<byte[]> sha256) implements Trust {
        public Pinned {
            sha256 = sha256.stream().map(byte[]::clone).toList();
            if (sha256.isEmpty() || sha256.stream().anyMatch(b -> b.length != 32)) {
                throw new IllegalArgumentException("a pin is a 32-byte SHA-256 fingerprint");
            }
        }

        @Override
        public List<byte[]> sha256() {
            return sha256.stream().map(byte[]::clone).toList();
        }
    }

    /** Trusts exactly the certificates in a PEM or DER file (e.g. {@code <state>/tls/cert.pem}). */
    static Trust certificateFile(Path file) throws IOException {
        List<byte[]> pins = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                pins.add(fingerprint((X509Certificate) c));
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": not an X.509 certificate file (PEM or DER)", e);
        }
        if (pins.isEmpty()) {
            throw new IOException(file + ": no certificate in the file");
        }
        return new Pinned(pins);
    }

    /** Parses a SHA-256 fingerprint: 64 hex digits, colons and spaces allowed, optional "sha256:" prefix. */
    static Trust fingerprint(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256:")) {
            s = s.substring("sha256:".length());
        }
        s = s.replace(":", "").replace(" ", "");
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a pin is a SHA-256 fingerprint: 64 hex digits (colons allowed)");
        }
        return new Pinned(List.of(HexFormat.of().parseHex(s)));
    }

    /** SHA-256 over the certificate's DER. */
    static byte[] fingerprint(X509Certificate cert) {
        return Fingerprints.sha256(cert);
    }

    /** Colon-separated upper-case hex, the form {@code openssl x509 -fingerprint -sha256} prints. */
    static String formatFingerprint(byte[] sha256) {
        return Fingerprints.format(sha256);
    }
}
