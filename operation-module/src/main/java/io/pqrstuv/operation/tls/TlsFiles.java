package io.pqrstuv.operation.tls;

import io.pqrstuv.runtime.ProcessFailure;
import io.pqrstuv.runtime.ProcessLauncher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The TLS material under {@code DIR/tls}: {@code key.pem} (0600, written only by openssl) and
 * {@code cert.pem} (kept current so that clients can trust it). At first start an openssl
 * process makes a self-signed P-256 certificate (D-31, last paragraph).
 */
public final class TlsFiles {
    static final int VALIDITY_DAYS = 825;
    private static final Duration TOOL_LIMIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    public TlsFiles(Path stateDir) {
        this.dir = stateDir.resolve("tls");
    }

    public Path directory() {
        return dir;
    }

    public Path certificatePath() {
        return dir.resolve("cert.pem");
    }

    Path keyPath() {
        return dir.resolve("key.pem");
    }

    /** Creates the first certificate when there is none; {@code serialNumber} (from GET_INFO) goes in the OU. */
    public void ensureInitial(String serialNumber) throws ProcessFailure, IOException {
        if (Files.isRegularFile(certificatePath()) && Files.isRegularFile(keyPath())) {
            return;
        }
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(dir, "initial");
        try {
            String subject = "/CN=PQRSTUV" + (serialNumber == null || serialNumber.isEmpty() ? ""
                    : "/OU=" + serialNumber.replace("\\", "\\\\").replace("/", "\\/"));
            runTool(work, "077", List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", Integer.toString(VALIDITY_DAYS),
                    "-sha256", "-utf8", "-subj", subject, "-set_serial", randomSerial(),
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"));
            install(work.resolve("key.pem"), work.resolve("cert.pem"));
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Runs openssl or cp in {@code work} (D-31, ECP-TLS-3: key material is created and used only
     * inside those processes); umask 077 keeps what they write private, 022 is for exports.
     */
    static void runTool(Path work, String umask, List<String> argv) throws ProcessFailure {
        ProcessLauncher.of(argv).directory(work).umask(umask).timeout(TOOL_LIMIT).captureErrors(4096).run().requireSuccess();
    }

    /** Moves a new key and certificate into place (the key first: a certificate never names a missing key). */
    void install(Path key, Path certificate) throws IOException {
        Files.move(key, keyPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.move(certificate, certificatePath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads the current identity for the TLS key manager (D-31(e): the TLS stack needs the key). */
    public SwappableKeyManager.Identity load() throws IOException, GeneralSecurityException {
        return new SwappableKeyManager.Identity(readKey(keyPath()), readCertificate(certificatePath()));
    }

    static X509Certificate readCertificate(Path pem) throws IOException, CertificateException {
        byte[] bytes = Files.readAllBytes(pem);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes));
    }

    private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
        byte[] text = Files.readAllBytes(pem);
        byte[] der = null;
        try {
            der = pemBody(text, "PRIVATE KEY");
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } finally {
            Arrays.fill(text, (byte) 0);
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
        }
    }

    private static byte[] pemBody(byte[] text, String label) throws IOException {
        String s = new String(text, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = s.indexOf(begin);
        int e = s.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException("no " + label + " PEM block");
        }
        return Base64.getMimeDecoder().decode(s.substring(b + begin.length(), e));
    }

    /** SHA-256 over the certificate DER, as colon-separated upper-case hex. */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random positive 16-byte serial number in openssl's {@code 0x} form. */
    static String randomSerial() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[0] = (byte) ((b[0] & 0x7F) | 0x40);
        return "0x" + new BigInteger(1, b).toString(16);
    }

    static void deleteTree(Path p) {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file holds nothing the key file does not
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
