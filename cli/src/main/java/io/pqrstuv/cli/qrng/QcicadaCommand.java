package io.pqrstuv.cli.qrng;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.error.QccException;
import io.pqrstuv.qrng.qcicada.CaKeys;
import io.pqrstuv.qrng.qcicada.P256;
import io.pqrstuv.qrng.qcicada.QCicadaDevice;
import io.pqrstuv.qrng.qcicada.QCicadaOptions;
import io.pqrstuv.qrng.qcicada.QccCertificateException;
import io.pqrstuv.qrng.transport.QccEndpoint;
import io.pqrstuv.qrng.wire.QccInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pqrstuv qcicada}: pyqcicada-cli in Java. Actions run in this order: --set-certificate,
 * --get-dev-key, --get-dev-cert, --read-verify, --reboot.
 */
@Command(name = "qcicada", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"QCicada-specific operations, as pyqcicada-cli: device key and certificate, verified signed reads,",
            "reboot, and OEM provisioning of the device certificate.",
            "Actions run in this order: --set-certificate, --get-dev-key, --get-dev-cert, --read-verify, --reboot."},
        footer = {"%nExamples:",
            "  pqrstuv qcicada -d /dev/ttyUSB0 --get-dev-key --ca-public ca_pubkey.pem",
            "  pqrstuv qcicada --read-verify 1024 --ca-public ca_pubkey.pem -o verified.bin",
            "  pqrstuv qcicada --set-certificate ca_privkey.pem              (staged dry run, lost at reboot)",
            "  pqrstuv qcicada --set-certificate ca_privkey.pem --program    (burns the one-time area)",
            QrngCommand.EXIT_CODES})
public final class QcicadaCommand extends QrngCommand {

    @Option(names = "--set-certificate", paramLabel = "CA_PRIVATE_PEM",
            description = "Sign this device's certificate with the OEM CA private key (passphrase-encrypted PEM) and send it: "
                    + "staged (a dry run, lost at reboot) unless --program.")
    Path setCertificate;

    @Option(names = "--program", description = "With --set-certificate: burn the one-time area. Cannot be undone; asks first.")
    boolean program;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Read the CA key's passphrase from FILE (- for stdin) instead of asking without echo.")
    String passphraseFile;

    @Option(names = "--yes", description = "Do not ask before burning (--program).")
    boolean yes;

    @Option(names = "--certificate-command", paramLabel = "CODE", defaultValue = "0xFA",
            description = "The unpublished certificate-programming command byte (default: ${DEFAULT-VALUE}).")
    String certificateCommand;

    @Option(names = "--reboot", description = "Reboot the QCicada (then reopen it).")
    boolean reboot;

    @Option(names = "--get-dev-key", description = "Read the device public key (verified with --ca-public).")
    boolean getDevKey;

    @Option(names = "--get-dev-cert", description = "Read the device certificate (verified with --ca-public).")
    boolean getDevCert;

    @Option(names = "--read-verify", paramLabel = "N",
            description = "Signed read of N bytes (1..65535), output only if the signature verifies under the device key "
                    + "vouched for by --ca-public.")
    Integer readVerify;

    @Option(names = "--ca-public", paramLabel = "CA_PUBLIC_PEM", description = "The OEM CA public key PEM file.")
    Path caPublic;

    @Option(names = {"-o", "--output-file"}, paramLabel = "FILE", description = "Write --read-verify data here.")
    String outputFile;

    @Option(names = {"-a", "--append"}, description = "Append to the output file.")
    boolean append;

    @Override
    int run() throws Exception {
        QccOptions base = options();
        int code = certificateCode();
        if (!(setCertificate != null || reboot || getDevKey || getDevCert || readVerify != null)) {
            throw new UsageException("nothing to do: give --get-dev-key, --get-dev-cert, --read-verify N, --reboot or "
                    + "--set-certificate PEM (see --help)");
        }
        if (readVerify != null && (readVerify < 1 || readVerify > 65_535)) {
            throw new UsageException("--read-verify must be 1..65535, got " + readVerify);
        }
        if (readVerify != null && caPublic == null) {
            throw new UsageException("--read-verify needs --ca-public CA_PUBLIC_PEM: the CA that vouches for the device key");
        }
        if (program && setCertificate == null) {
            throw new UsageException("--program is used with --set-certificate");
        }
        if ((outputFile != null || append) && readVerify == null) {
            throw new UsageException("-o and -a are used with --read-verify");
        }
        if (readVerify != null) {
            checkDestination(outputFile, append, readVerify);
        }
        ECPublicKey ca = caPublic == null ? null : CaKeys.readPublicKeyPem(caPublic);
        ECPrivateKey caPrivate = null;
        if (setCertificate != null) {
            char[] pass = passphrase();
            try {
                caPrivate = CaKeys.readPrivateKeyPem(setCertificate, pass);
            } finally {
                Arrays.fill(pass, '\0');
            }
        }

        // --program is the explicit opt-in the library asks for before burning; the user confirms below.
        QCicadaOptions qopts = QCicadaOptions.of(base).withCertificateCommandCode(code).withAllowOtpProgramming(program);
        QccEndpoint ep = endpoint(base);
        Map<String, Object> result = new LinkedHashMap<>();
        try (QCicadaDevice dev = open(ep, qopts)) {
            if (caPrivate != null) {
                provision(dev, caPrivate, qopts, result);
            }
            if (getDevKey) {
                byte[] raw = dev.devicePublicKeyRaw();
                Map<String, Object> m = map("public_key", HexFormat.of().formatHex(raw));
                ECPublicKey key = P256.publicKey(raw);
                m.put("pem", pem(key.getEncoded()));
                StringBuilder h = new StringBuilder("Device public key (X||Y): " + HexFormat.of().formatHex(raw));
                if (ca != null) {
                    dev.verifiedDevicePublicKey(ca); // throws with the reason if not vouched for
                    m.put("verified_by_ca", true);
                    h.append(System.lineSeparator()).append("Verified: the certificate checks out under ").append(caPublic);
                }
                result.put("device_key", m);
                human(h.toString());
            }
            if (getDevCert) {
                byte[] cert = dev.deviceCertificate();
                Map<String, Object> m = map("certificate", HexFormat.of().formatHex(cert));
                StringBuilder h = new StringBuilder("Device certificate (r||s): " + HexFormat.of().formatHex(cert));
                if (ca != null) {
                    dev.verifiedDevicePublicKey(ca);
                    m.put("verified_by_ca", true);
                    h.append(System.lineSeparator()).append("Verified: it signs this device's key, serial and hardware version");
                }
                result.put("device_certificate", m);
                human(h.toString());
            }
            if (readVerify != null) {
                result.put("read_verify", readVerify(dev, ca));
            }
            if (reboot) {
                dev.reboot();
                result.put("reboot", "done");
                human("Rebooted.");
            }
        }
        if (json) {
            printJson(result);
        }
        return ExitCodes.OK;
    }

    private QCicadaDevice open(QccEndpoint ep, QCicadaOptions o) throws DeviceOpenException, IOException {
        try {
            return QCicadaDevice.open(ep, o);
        } catch (QccException e) {
            throw e;
        } catch (IOException e) {
            throw cannotOpen(ep, e);
        }
    }

    private int certificateCode() throws UsageException {
        String s = certificateCommand.strip().toLowerCase(java.util.Locale.ROOT);
        int v;
        try {
            v = s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageException("--certificate-command must be a byte like 0xFA, got '" + certificateCommand + "'");
        }
        try {
            QCicadaOptions.defaults().withCertificateCommandCode(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--certificate-command: " + e.getMessage());
        }
        return v;
    }

    private char[] passphrase() throws UsageException {
        if (passphraseFile != null) {
            byte[] raw;
            try {
                raw = passphraseFile.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(passphraseFile));
            } catch (IOException e) {
                throw new UsageException("cannot read the passphrase file " + passphraseFile + ": " + describe(e));
            }
            int n = raw.length;
            while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == '\r')) {
                n--;
            }
            var cb = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(raw, 0, n));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            Arrays.fill(raw, (byte) 0);
            if (cb.hasArray()) {
                Arrays.fill(cb.array(), '\0');
            }
            return out;
        }
        if (!terminal.interactive()) {
            throw new UsageException("no terminal to ask for the CA key passphrase: use --passphrase-file FILE");
        }
        char[] p = terminal.readSecret("Passphrase for " + setCertificate + ": ");
        if (p == null) {
            throw new UsageException("no passphrase entered");
        }
        return p;
    }

    private void provision(QCicadaDevice dev, ECPrivateKey caPrivate, QCicadaOptions qopts, Map<String, Object> result)
            throws Exception {
        if (program) {
            QccInfo info = dev.info();
            if (!yes) {
                if (!terminal.interactive()) {
                    throw new UsageException("refusing to burn without confirmation: no terminal to ask; add --yes");
                }
                String answer = terminal.readLine("Burn the certificate into the one-time area of " + info.serial()
                        + String.format(" with command 0x%02X? This can never be undone or repeated. ", qopts.certificateCommandCode())
                        + "Type 'burn' to continue: ");
                if (answer == null || !answer.strip().equalsIgnoreCase("burn")) {
                    throw new UsageException(ExitCodes.ABORTED, "aborted: nothing was burned");
                }
            }
        }
        var r = dev.setDeviceCertificate(caPrivate, program);
        result.put("set_certificate", map("serial", r.serial(), "certificate", HexFormat.of().formatHex(r.certificate()),
                "burned", r.burned()));
        human(r.burned()
                ? "Certificate burned into " + r.serial() + " and verified."
                : "Certificate staged on " + r.serial() + " and verified (dry run: lost at reboot). Add --program to burn it.");
    }

    private Map<String, Object> readVerify(QCicadaDevice dev, ECPublicKey ca) throws Exception {
        int n = readVerify;
        ECPublicKey key;
        try {
            key = dev.verifiedDevicePublicKey(ca);
        } catch (QccCertificateException e) {
            throw new QccCertificateException("device key not valid: " + e.getMessage(), e);
        }
        byte[] data = dev.signedReadVerified(n, key);
        try (DataSink sink = new DataSink(outputFile, append, n)) { // opened only once the signature verified
            sink.write(data, 0, n);
            Map<String, Object> m = map("bytes", n, "signature_valid", true);
            String msg = "OK: the signature of " + n + " bytes is valid (device key vouched for by " + caPublic + ")";
            if (sink.file() != null) {
                m.put("file", sink.file());
                human(msg + "; data in " + sink.file() + ".");
            } else if (sink.hex() != null) {
                m.put("data", sink.hex());
            } else {
                var err = spec.commandLine().getErr();
                err.println(msg + ".");
                err.flush();
            }
            return m;
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }
}
