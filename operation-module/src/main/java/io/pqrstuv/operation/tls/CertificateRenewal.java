package io.pqrstuv.operation.tls;

import io.pqrstuv.runtime.ProcessFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * /renew_tls without the web server ever generating or handling the new private key in Java code
 * (D-31): openssl makes the key and CSR, the handler gets the CSR signed through ICP, openssl
 * issues the self-signed certificate carrying the endorsement, a subprocess exports it, and
 * only then does the key manager switch to it.
 */
public final class CertificateRenewal {
    public static final String EXPORT_CRT = "pqrstuv-tls.crt";
    public static final String EXPORT_PEM = "pqrstuv-tls.pem";

    private final TlsFiles files;
    private final SwappableKeyManager keyManager;
    private final Optional<Path> exportDir;
    private final ReentrantLock lock = new ReentrantLock(true);

    public CertificateRenewal(TlsFiles files, SwappableKeyManager keyManager, Optional<Path> exportDir) {
        this.files = Objects.requireNonNull(files);
        this.keyManager = Objects.requireNonNull(keyManager);
        this.exportDir = Objects.requireNonNull(exportDir);
    }

    /** Whether an export medium is configured (checked before any ICP call, so a doomed renewal costs no session). */
    public boolean canExport() {
        return exportDir.isPresent();
    }

    /** One renewal at a time; the returned work area deletes itself (and the unused key) on close. */
    public Attempt begin(DistinguishedName subject) throws ProcessFailure, IOException {
        lock.lock();
        Path work = null;
        try {
            Files.createDirectories(files.directory());
            work = Files.createTempDirectory(files.directory(), "renew");
            TlsFiles.runTool(work, "077", List.of("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", "key.pem", "-out", "csr.der", "-outform", "DER", "-utf8",
                    "-subj", subject.opensslSubject()));
            return new Attempt(work, Files.readAllBytes(work.resolve("csr.der")));
        } catch (ProcessFailure | IOException | RuntimeException e) {
            if (work != null) {
                TlsFiles.deleteTree(work);
            }
            lock.unlock();
            throw e;
        }
    }

    /** A renewal in progress: the CSR is public; the key stays in the openssl-written file. */
    public final class Attempt implements AutoCloseable {
        private final Path work;
        private final byte[] csrDer;
        private boolean closed;

        private Attempt(Path work, byte[] csrDer) {
            this.work = work;
            this.csrDer = csrDer;
        }

        public byte[] csr() {
            return csrDer.clone();
        }

        /** openssl self-signs the certificate with the new key and embeds the endorsement. */
        public X509Certificate issue(byte[] keyId, byte[] signature) throws ProcessFailure, IOException, GeneralSecurityException {
            byte[] ext = Endorsement.encode(keyId, csrDer, signature);
            String cnf = "[pqrstuv]\n" + Endorsement.OID.getId() + " = DER:" + HexFormat.of().formatHex(ext) + "\n";
            Files.writeString(work.resolve("ext.cnf"), cnf, StandardCharsets.US_ASCII);
            TlsFiles.runTool(work, "077", List.of("openssl", "x509", "-req", "-in", "csr.der", "-inform", "DER", "-key", "key.pem",
                    "-days", Integer.toString(TlsFiles.VALIDITY_DAYS), "-set_serial", TlsFiles.randomSerial(),
                    "-sha256", "-extfile", "ext.cnf", "-extensions", "pqrstuv", "-out", "cert.pem"));
            return TlsFiles.readCertificate(work.resolve("cert.pem"));
        }

        /** Writes {@code .crt} (DER) and {@code .pem} to the export medium, by subprocesses only (ECP-TLS-7). */
        public void export() throws ProcessFailure, IOException {
            Path out = exportDir.orElseThrow(() -> new IOException("no export medium configured"));
            String cert = work.resolve("cert.pem").toString();
            TlsFiles.runTool(work, "022", List.of("cp", cert, out.resolve(EXPORT_PEM).toString()));
            TlsFiles.runTool(work, "022", List.of("openssl", "x509", "-in", cert, "-outform", "DER",
                    "-out", out.resolve(EXPORT_CRT).toString()));
        }

        /** Installs the new files and switches new handshakes to them. */
        public void activate() throws IOException, GeneralSecurityException {
            files.install(work.resolve("key.pem"), work.resolve("cert.pem"));
            keyManager.swap(files.load());
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                TlsFiles.deleteTree(work);
                lock.unlock();
            }
        }
    }
}
