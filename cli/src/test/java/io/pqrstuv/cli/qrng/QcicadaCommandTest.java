package io.pqrstuv.cli.qrng;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.qcicada.P256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pqrstuv qcicada}: device key and certificate, verified reads, reboot, and the provisioning flow on a blank device. */
class QcicadaCommandTest {
    @TempDir
    Path dir;

    private static QrngCli.Result qcicada(String tty, String... args) {
        return qcicada(null, tty, args);
    }

    private static QrngCli.Result qcicada(java.util.Deque<String> answers, String tty, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "qcicada";
        all[1] = "-d";
        all[2] = tty;
        System.arraycopy(args, 0, all, 3, args.length);
        return QrngCli.run(answers, all);
    }

    private static void oneLineError(QrngCli.Result r, int code, String contains) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(code);
        assertThat(r.err().strip().lines()).as("%s", r).hasSize(1);
        assertThat(r.err()).startsWith("pqrstuv qcicada: ").contains(contains).doesNotContain("\tat ");
    }

    @Test
    void keyCertificateVerifiedReadsAndReboot() throws Exception {
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir.resolve("s")).rate(EmulatorRate.unlimited()).build()) {
            String tty = emu.servePty(dir.resolve("tty")).toString();
            String ca = emu.attestation().oemCaPublicKeyPem().orElseThrow().toString();
            String rawKey = HexFormat.of().formatHex(emu.attestation().publicKey());

            var key = qcicada(tty, "--get-dev-key", "--ca-public", ca);
            assertThat(key.exitCode()).as("%s", key).isZero();
            assertThat(key.out()).contains("Device public key (X||Y): " + rawKey).contains("Verified");
            var keyJson = qcicada(tty, "--get-dev-key", "--get-dev-cert", "--json");
            assertThat(keyJson.out()).contains("\"public_key\" : \"" + rawKey + "\"").contains("BEGIN PUBLIC KEY")
                    .containsPattern("\"certificate\" : \"[0-9a-f]{128}\"");

            var read = qcicada(tty, "--read-verify", "100", "--ca-public", ca);
            assertThat(read.exitCode()).as("%s", read).isZero();
            assertThat(read.binary()).hasSize(100);
            assertThat(read.err()).contains("OK: the signature of 100 bytes is valid");
            Path out = dir.resolve("v.bin");
            var toFile = qcicada(tty, "--read-verify", "2000", "--ca-public", ca, "-o", out.toString());
            assertThat(toFile.out()).contains("data in " + out);
            assertThat(Files.size(out)).isEqualTo(2000);
            byte[] first = Files.readAllBytes(out);
            var appended = qcicada(tty, "--read-verify", "500", "--ca-public", ca, "-o", out.toString(), "-a");
            assertThat(appended.exitCode()).as("%s", appended).isZero();
            assertThat(Files.size(out)).isEqualTo(2500);
            assertThat(java.util.Arrays.copyOf(Files.readAllBytes(out), 2000)).isEqualTo(first);
            oneLineError(qcicada(tty, "--read-verify", "10", "--ca-public", ca, "-a"), 2, "-a needs -o FILE");

            oneLineError(qcicada(tty, "--read-verify", "10"), 2, "needs --ca-public");
            oneLineError(qcicada(tty, "--read-verify", "0", "--ca-public", ca), 2, "1..65535");
            oneLineError(qcicada(tty), 2, "nothing to do");
            Path otherCa = dir.resolve("other.pem");
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            Files.writeString(otherCa, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
                    .encodeToString(g.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
            oneLineError(qcicada(tty, "--read-verify", "10", "--ca-public", otherCa.toString()), 1, "device key not valid");
            oneLineError(qcicada(tty, "--get-dev-key", "--ca-public", dir.resolve("missing.pem").toString()), 2, "no such file");

            emu.faults().startupTestDuration(java.time.Duration.ofMillis(200));
            var reboot = qcicada(tty, "--reboot");
            assertThat(reboot.exitCode()).as("%s", reboot).isZero();
            assertThat(reboot.out()).contains("Rebooted.");
        }
    }

    @Test
    void provisioningFlowOnABlankDevice() throws Exception {
        Path caPriv = dir.resolve("ca_privkey.pem");
        Path caPub = dir.resolve("ca_pubkey.pem");
        openssl(List.of("openssl", "ecparam", "-genkey", "-param_enc", "named_curve", "-name", "prime256v1", "-noout",
                "-out", dir.resolve("key_unencrypted.pem").toString()));
        openssl(List.of("openssl", "ec", "-aes-256-cbc", "-in", dir.resolve("key_unencrypted.pem").toString(),
                "-out", caPriv.toString(), "-passout", "pass:s3cret"));
        openssl(List.of("openssl", "ec", "-in", caPriv.toString(), "-passin", "pass:s3cret", "-pubout", "-out", caPub.toString()));
        Files.delete(dir.resolve("key_unencrypted.pem"));
        Path pass = Files.writeString(dir.resolve("pass.txt"), "s3cret\n");
        Path wrong = Files.writeString(dir.resolve("wrong.txt"), "nope\n");

        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir.resolve("s")).rate(EmulatorRate.unlimited())
                .blank(true).build()) {
            String tty = emu.servePty(dir.resolve("tty")).toString();
            oneLineError(qcicada(tty, "--get-dev-cert"), 4, "NACK to GET_DEV_CERTIFICATE");
            oneLineError(qcicada(tty, "--set-certificate", caPriv.toString(), "--passphrase-file", wrong.toString()), 2,
                    "wrong passphrase");
            oneLineError(qcicada(tty, "--set-certificate", caPriv.toString(), "--passphrase-file", pass.toString(),
                    "--certificate-command", "0xF8"), 2, "--certificate-command: certificate command code must be a free custom code");
            try (QcicadaEmulator other = QcicadaEmulator.builder().rate(EmulatorRate.unlimited()).blank(true).build()) {
                // a code the device does not know: NACK, and the rest of the frame is read as commands (a throw-away device)
                String otherTty = other.servePty().toString();
                oneLineError(qcicada(otherTty, "--set-certificate", caPriv.toString(), "--passphrase-file", pass.toString(),
                        "--certificate-command", "0xFB"), 4, "NACK to SET_DEV_CERTIFICATE (0xFB, stage)");
                assertThat(other.attestation().certificate()).as("nothing staged under another code").isEmpty();
            }
            oneLineError(qcicada(tty, "--set-certificate", caPriv.toString()), 2, "use --passphrase-file");

            // Staged dry run, passphrase typed at the (scripted) no-echo prompt.
            var staged = qcicada(QrngCli.answers("s3cret"), tty, "--set-certificate", caPriv.toString());
            assertThat(staged.exitCode()).as("%s", staged).isZero();
            assertThat(staged.out()).contains("staged").contains("Add --program to burn it");
            assertThat(qcicada(tty, "--get-dev-key", "--ca-public", caPub.toString()).exitCode()).isZero();
            assertThat(emu.attestation().isProgrammed()).isFalse();

            // Burning asks; anything but 'burn' aborts.
            var declined = qcicada(QrngCli.answers("no"), tty, "--set-certificate", caPriv.toString(), "--passphrase-file",
                    pass.toString(), "--program");
            oneLineError(declined, 7, "aborted: nothing was burned");
            oneLineError(qcicada(tty, "--set-certificate", caPriv.toString(), "--passphrase-file", pass.toString(), "--program"),
                    2, "add --yes");
            var burned = qcicada(QrngCli.answers("burn"), tty, "--set-certificate", caPriv.toString(), "--passphrase-file",
                    pass.toString(), "--program");
            assertThat(burned.exitCode()).as("%s", burned).isZero();
            assertThat(burned.out()).contains("burned");
            assertThat(emu.attestation().isProgrammed()).isTrue();

            var verify = qcicada(tty, "--read-verify", "64", "--ca-public", caPub.toString(), "--json");
            assertThat(verify.exitCode()).as("%s", verify).isZero();
            assertThat(verify.out()).contains("\"signature_valid\" : true");
            byte[] cert = emu.attestation().certificate().orElseThrow();
            assertThat(P256.verify(io.pqrstuv.qrng.qcicada.CaKeys.readPublicKeyPem(caPub),
                    io.pqrstuv.qrng.wire.DeviceCertificateBlob.of(new io.pqrstuv.qrng.wire.QccInfo(1, 1,
                            emu.info().serial(), emu.info().hwInfo()), emu.attestation().publicKey()), 0, 72, cert)).isTrue();

            oneLineError(qcicada(tty, "--set-certificate", caPriv.toString(), "--passphrase-file", pass.toString(), "--program",
                    "--yes"), 4, "NACK");
        }
    }

    private static void openssl(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
