package io.pqrstuv.qrng.emulator.attest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.HealthTest;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.emulator.TcpPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device as shipped: signed reads, its key and the certificate its OEM CA burned (notes §1.7–§1.9). */
class AttestationTest {
    @TempDir
    static Path dir;
    private static QcicadaEmulator emu;
    private static TcpPort host;

    @BeforeAll
    static void start() throws Exception {
        emu = QcicadaEmulator.builder().stateDir(dir.resolve("state")).rate(EmulatorRate.unlimited()).build();
        host = new TcpPort(emu.serveTcp(0));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
        emu.close();
    }

    static byte[] publicKey(TcpPort host) throws Exception {
        byte[] r = host.command(new byte[] {(byte) 0xF7}, 65);
        assertThat(r[0]).isEqualTo((byte) 0xF9);
        return Arrays.copyOfRange(r, 1, 65);
    }

    static byte[] info(TcpPort host) throws Exception {
        byte[] r = host.command(new byte[] {0x0B}, 57);
        assertThat(r[0]).isEqualTo((byte) 0x1B);
        return Arrays.copyOfRange(r, 1, 57);
    }

    /** The 72-byte blob of notes §1.8, built here from GET_INFO and GET_DEV_PUB_KEY. */
    static byte[] blob(byte[] info, byte[] key) {
        String serial = new String(info, 8, 24, StandardCharsets.US_ASCII).replace("\0", "");
        String hw = new String(info, 32, 24, StandardCharsets.US_ASCII).replace("\0", "");
        String[] mm = hw.substring("CICADA-QRNG-".length()).split("\\.");
        long sn = Long.parseLong(serial.substring(2));
        byte[] b = new byte[72];
        b[2] = (byte) Integer.parseInt(mm[0]);
        b[3] = (byte) Integer.parseInt(mm[1]);
        for (int i = 0; i < 4; i++) {
            b[4 + i] = (byte) (sn >>> (8 * i));
        }
        System.arraycopy(key, 0, b, 8, 64);
        return b;
    }

    static byte[][] signedRead(TcpPort host, int n) throws Exception {
        host.write(new byte[] {0x51, (byte) n, (byte) (n >>> 8)});
        byte[] code = host.readExactly(1, 3000);
        if (code[0] == 0x12) {
            return null;
        }
        assertThat(code[0]).isEqualTo((byte) 0x52);
        byte[] data = host.readExactly(n, 10_000);
        byte[] sig = host.readExactly(64, 3000);
        return new byte[][] {data, sig};
    }

    @Test
    void signedReadsVerifyOverExactlyTheDataAndAnAlteredByteFails() throws Exception {
        byte[] key = publicKey(host);
        byte[][] previous = null;
        for (int n : new int[] {1, 32, 1000, 13_440, 65_535}) {
            byte[][] r = signedRead(host, n);
            assertThat(Bc.verify(key, r[0], r[1])).as("signature over %d bytes", n).isTrue();
            byte[] altered = r[0].clone();
            altered[n / 2] ^= 0x01;
            assertThat(Bc.verify(key, altered, r[1])).isFalse();
            byte[] sigAltered = r[1].clone();
            sigAltered[63] ^= 0x01;
            assertThat(Bc.verify(key, r[0], sigAltered)).isFalse();
            if (previous != null) {
                assertThat(r[1]).isNotEqualTo(previous[1]);
            }
            previous = r;
        }
        assertThat(host.readUntilSilence(200, 100)).isEmpty();
        assertThat(emu.statistics().signedReads()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void signedReadOfZeroOrDuringAHealthFailureIsNacked() throws Exception {
        assertThat(signedRead(host, 0)).isNull();
        emu.faults().healthFailure(HealthTest.REPETITION_COUNT, true);
        try {
            assertThat(signedRead(host, 16)).isNull();
        } finally {
            emu.faults().healthFailure(HealthTest.REPETITION_COUNT, false);
        }
        assertThat(signedRead(host, 16)).isNotNull();
    }

    @Test
    void theShippedCertificateVerifiesWithTheOemCaAndNotWithAnotherKey() throws Exception {
        byte[] cert = host.command(new byte[] {(byte) 0xF9}, 65);
        assertThat(cert[0]).isEqualTo((byte) 0xFB);
        byte[] rs = Arrays.copyOfRange(cert, 1, 65);
        Path caPem = emu.attestation().oemCaPublicKeyPem().orElseThrow();
        assertThat(caPem).isEqualTo(emu.stateDir().resolve("oem-ca-pubkey.pem"));
        byte[] ca = Bc.rawFromPem(caPem);
        byte[] key = publicKey(host);
        byte[] info = info(host);
        assertThat(Bc.verify(ca, blob(info, key), rs)).isTrue();
        assertThat(Bc.verify(key, blob(info, key), rs)).as("the device key is not the CA").isFalse();
        byte[] otherSerial = blob(info, key);
        otherSerial[4] ^= 0x01;
        assertThat(Bc.verify(ca, otherSerial, rs)).as("a certificate for another serial").isFalse();
    }

    @Test
    void opensslReadsTheOemCaKeyWithItsPassphrase() throws Exception {
        Path priv = emu.attestation().oemCaPrivateKeyPem().orElseThrow();
        Path pass = emu.attestation().oemCaPassphraseFile().orElseThrow();
        assertThat(Files.readString(priv)).contains("Proc-Type: 4,ENCRYPTED").contains("DEK-Info: AES-256-CBC");
        assertThat(Files.getPosixFilePermissions(priv).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        assertThat(Files.getPosixFilePermissions(pass).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        Process p = new ProcessBuilder("openssl", "ec", "-in", priv.toString(), "-passin", "file:" + pass, "-pubout")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String pub = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(pub).isEqualTo(Files.readString(emu.attestation().oemCaPublicKeyPem().orElseThrow()));
        Process wrong = new ProcessBuilder("openssl", "ec", "-in", priv.toString(), "-passin", "pass:wrong", "-pubout")
                .redirectErrorStream(true).start();
        wrong.getInputStream().readAllBytes();
        assertThat(wrong.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.exitValue()).isNotZero();
    }

    @Test
    void aShippedDeviceRefusesAnyFurtherProgramming() throws Exception {
        byte[] cert = Arrays.copyOfRange(host.command(new byte[] {(byte) 0xF9}, 65), 1, 65);
        for (int program : new int[] {0, 1}) {
            byte[] cmd = ProvisioningTest.program(0xFA, cert, program);
            assertThat(host.command(cmd, 1)).containsExactly(0x12);
        }
        assertThat(Arrays.copyOfRange(host.command(new byte[] {(byte) 0xF9}, 65), 1, 65)).isEqualTo(cert);
    }

    @Test
    void rebootAnswersAndRunsTheStartupTest() throws Exception {
        emu.faults().startupTestDuration(Duration.ofMillis(600));
        host.command(new byte[] {0x04, 0x01, 0x00, 0x01}, 6 + 256);
        assertThat(host.command(new byte[] {(byte) 0xF8, (byte) 0xA1, 0x25}, 1)).containsExactly(0xF8);
        byte[] status = host.command(new byte[] {0x01}, 6);
        assertThat(status[1] & 0x02).as("startup test in progress").isNotZero();
        byte[] stats = host.command(new byte[] {0x09}, 31);
        assertThat(Arrays.copyOfRange(stats, 1, 9)).as("generated_bytes cleared").isEqualTo(new byte[8]);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((host.command(new byte[] {0x01}, 6)[1] & 0x02) != 0) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(signedRead(host, 64)).isNotNull();
        emu.faults().startupTestDuration(Duration.ZERO);
    }
}
