package io.pqrstuv.qrng.emulator.attest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.emulator.TcpPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unprovisioned ({@code blank}) device programmed with a CA made by the openssl commands of the
 * pyqcicada docs: stage, reboot loses it, burn, a second burn is refused, the burn survives a restart.
 */
class ProvisioningTest {
    @TempDir
    Path dir;

    /** {@code CODE A1 25 cert(64) program}: notes §1.10 [P]. */
    static byte[] program(int code, byte[] cert, int program) {
        byte[] cmd = new byte[1 + 2 + 64 + 1];
        cmd[0] = (byte) code;
        cmd[1] = (byte) 0xA1;
        cmd[2] = 0x25;
        System.arraycopy(cert, 0, cmd, 3, 64);
        cmd[67] = (byte) program;
        return cmd;
    }

    private void openssl(String... args) throws Exception {
        Process p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ": " + out).isZero();
    }

    /** The OEM CA of the pyqcicada docs, made by openssl itself. */
    private PrivateKey opensslCa() throws Exception {
        openssl("openssl", "ecparam", "-genkey", "-param_enc", "named_curve", "-name", "prime256v1", "-noout",
                "-out", "key_unencrypted.pem");
        openssl("openssl", "ec", "-aes-256-cbc", "-in", "key_unencrypted.pem", "-out", "ca_privkey.pem",
                "-passout", "pass:correct horse");
        Files.delete(dir.resolve("key_unencrypted.pem"));
        openssl("openssl", "ec", "-in", "ca_privkey.pem", "-passin", "pass:correct horse", "-pubout",
                "-out", "ca_pubkey.pem");
        return EncryptedPem.decrypt(Files.readAllBytes(dir.resolve("ca_privkey.pem")), "correct horse".toCharArray());
    }

    private static byte[] sign(PrivateKey ca, byte[] blob) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(ca);
        s.update(blob);
        return s.sign();
    }

    private static byte[] certificate(TcpPort host) throws Exception {
        host.write(new byte[] {(byte) 0xF9});
        byte[] code = host.readExactly(1, 3000);
        if (code[0] == 0x12) {
            return null;
        }
        assertThat(code[0]).isEqualTo((byte) 0xFB);
        return host.readExactly(64, 3000);
    }

    @Test
    void stageRebootBurnAndNeverAgain() throws Exception {
        PrivateKey ca = opensslCa();
        byte[] caRaw = Bc.rawFromPem(dir.resolve("ca_pubkey.pem"));
        Path state = dir.resolve("state");
        byte[] cert;
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(state).rate(EmulatorRate.unlimited()).blank(true)
                .build(); TcpPort host = new TcpPort(emu.serveTcp(0))) {
            assertThat(emu.attestation().oemCaPublicKeyPem()).as("a blank device has no OEM yet").isEmpty();
            assertThat(certificate(host)).as("no certificate until programmed").isNull();
            byte[] key = AttestationTest.publicKey(host);
            byte[] blob = AttestationTest.blob(AttestationTest.info(host), key);
            cert = sign(ca, blob);
            assertThat(Bc.verify(caRaw, blob, cert)).isTrue();

            assertThat(host.command(program(0xFA, cert, 0), 1)).as("staged").containsExactly(0xF8);
            assertThat(certificate(host)).isEqualTo(cert);
            assertThat(emu.attestation().isProgrammed()).isFalse();
            assertThat(host.command(new byte[] {(byte) 0xF8, (byte) 0xA1, 0x25}, 1)).containsExactly(0xF8);
            assertThat(certificate(host)).as("a staged certificate does not survive a reboot").isNull();

            byte[] zeroR = cert.clone();
            Arrays.fill(zeroR, 0, 32, (byte) 0);
            assertThat(host.command(program(0xFA, zeroR, 1), 1)).as("r = 0 is not a signature").containsExactly(0x12);
            byte[] badMagic = program(0xFA, cert, 1);
            badMagic[2] = 0x26;
            assertThat(host.command(badMagic, 1)).containsExactly(0x12);
            assertThat(host.command(program(0xFA, cert, 2), 1)).as("program is 0 or 1").containsExactly(0x12);
            assertThat(emu.attestation().isProgrammed()).isFalse();

            assertThat(host.command(program(0xFA, cert, 1), 1)).as("burned").containsExactly(0xF8);
            assertThat(certificate(host)).isEqualTo(cert);
            byte[] other = sign(ca, blob);
            assertThat(host.command(program(0xFA, other, 1), 1)).as("a second burn").containsExactly(0x12);
            assertThat(host.command(program(0xFA, other, 0), 1)).as("staging after the burn").containsExactly(0x12);
            assertThat(certificate(host)).isEqualTo(cert);
        }
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(state).rate(EmulatorRate.unlimited()).build();
             TcpPort host = new TcpPort(emu.serveTcp(0))) {
            assertThat(certificate(host)).as("one-time programmed, kept").isEqualTo(cert);
            assertThat(emu.attestation().oemCaPublicKeyPem()).as("programmed by the user's CA, not the emulator's").isEmpty();
        }
    }

    @Test
    void aBlankDeviceStaysBlankAcrossRestartsUntilProgrammed() throws Exception {
        Path state = dir.resolve("state");
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(state).blank(true).build()) {
            assertThat(emu.attestation().certificate()).isEmpty();
        }
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(state).build()) {
            assertThat(emu.attestation().certificate()).isEmpty();
        }
    }

    @Test
    void theCertificateCommandCodeIsASetting() throws Exception {
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir.resolve("s")).rate(EmulatorRate.unlimited())
                .blank(true).certificateCommandCode(0xFC).build(); TcpPort host = new TcpPort(emu.serveTcp(0))) {
            byte[] cert = new byte[64];
            cert[31] = 1;
            cert[63] = 1;
            assertThat(host.command(new byte[] {(byte) 0xFA}, 1)).as("0xFA is now unknown").containsExactly(0x12);
            host.write(Arrays.copyOfRange(program(0xFA, cert, 0), 1, 68)); // its payload, read as more commands
            host.readUntilSilence(300, 1000);
            assertThat(host.command(program(0xFC, cert, 0), 1)).containsExactly(0xF8);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QcicadaEmulator.builder().certificateCommandCode(0xF9)
                .build()).isInstanceOf(IllegalArgumentException.class);
    }
}
