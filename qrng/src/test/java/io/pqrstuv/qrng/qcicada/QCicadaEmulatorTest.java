package io.pqrstuv.qrng.qcicada;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.error.QccNackException;
import io.pqrstuv.qrng.jca.HealthGate;
import io.pqrstuv.qrng.jca.QrngDrbg;
import io.pqrstuv.qrng.testing.DeviceUnderTest.Link;
import io.pqrstuv.qrng.testing.DeviceUnderTest;
import io.pqrstuv.qrng.wire.DeviceCertificateBlob;
import io.pqrstuv.qrng.wire.QccInfo;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.UnrecoverableKeyException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 11's library part against the emulator: signed reads, device key, certificate, reboot, provisioning. */
class QCicadaEmulatorTest {
    private static final QCicadaOptions OPTS = QCicadaOptions.of(QccOptions.defaults()
            .withResponseTimeout(Duration.ofSeconds(1)).withStopSilence(Duration.ofMillis(100)));

    @TempDir
    Path dir;

    private static QCicadaDevice open(DeviceUnderTest dut, QCicadaOptions o) throws Exception {
        return QCicadaDevice.open(dut.endpoint(), o);
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void signedReadsVerifyWithIndependentCodeAndAnAlteredByteFails(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir); QCicadaDevice dev = open(dut, OPTS)) {
            byte[] raw = dev.devicePublicKeyRaw();
            ECPublicKey key = dev.devicePublicKey();
            assertThat(P256.raw(key)).isEqualTo(raw);
            SignedRead a = dev.signedRead(1000);
            SignedRead b = dev.signedRead(1000);
            assertThat(a.data()).isNotEqualTo(b.data()).isNotEqualTo(new byte[1000]);
            assertThat(a.signature()).isNotEqualTo(b.signature());
            assertThat(bouncyCastleVerifies(raw, a.data(), a.signature())).isTrue();
            assertThat(a.verify(key)).isTrue();
            byte[] altered = a.data().clone();
            altered[500] ^= 1;
            assertThat(bouncyCastleVerifies(raw, altered, a.signature())).isFalse();
            assertThat(new SignedRead(altered, a.signature()).verify(key)).isFalse();
            SignedRead max = dev.signedRead(65_535);
            assertThat(max.verify(key)).isTrue();
        }
    }

    /** ECDSA P-256/SHA-256 over r||s with Bouncy Castle's low-level API, not the JDK. */
    private static boolean bouncyCastleVerifies(byte[] xy, byte[] data, byte[] sig) {
        var spec = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("secp256r1");
        ECDomainParameters dom = new ECDomainParameters(spec.getCurve(), spec.getG(), spec.getN(), spec.getH());
        byte[] enc = new byte[65];
        enc[0] = 4;
        System.arraycopy(xy, 0, enc, 1, 64);
        ECDSASigner v = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        v.init(false, new ECPublicKeyParameters(spec.getCurve().decodePoint(enc), dom));
        SHA256Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] h = new byte[32];
        d.doFinal(h, 0);
        return v.verifySignature(h, new BigInteger(1, Arrays.copyOf(sig, 32)), new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)));
    }

    @ParameterizedTest
    @EnumSource(value = Link.class, names = {"PTY", "TCPUDP"})
    void theCertificateChainVerifiesAndWrongCasFail(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir); QCicadaDevice dev = open(dut, OPTS)) {
            Path caPem = dut.emulator().attestation().oemCaPublicKeyPem().orElseThrow();
            ECPublicKey verified = dev.verifiedDevicePublicKey(caPem);
            assertThat(P256.raw(verified)).isEqualTo(dev.devicePublicKeyRaw());
            byte[] data = dev.signedReadVerified(256, verified);
            assertThat(data).hasSize(256).isNotEqualTo(new byte[256]);

            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            ECPublicKey otherCa = (ECPublicKey) g.generateKeyPair().getPublic();
            assertThatThrownBy(() -> dev.verifiedDevicePublicKey(otherCa)).isInstanceOf(QccCertificateException.class)
                    .hasMessageContaining("does not verify under the CA public key");
            ECPublicKey notTheDevice = (ECPublicKey) g.generateKeyPair().getPublic();
            assertThatThrownBy(() -> dev.signedReadVerified(64, notTheDevice)).isInstanceOf(QccSignatureException.class);
        }
    }

    @Test
    void aCertificateForAnotherSerialNumberFails() throws Exception {
        var b = QcicadaEmulator.builder().stateDir(dir).rate(EmulatorRate.unlimited()).blank(true);
        try (DeviceUnderTest dut = DeviceUnderTest.start(Link.PTY, b); QCicadaDevice dev = open(dut, OPTS)) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            var ca = g.generateKeyPair();
            QccInfo real = dev.info();
            QccInfo other = new QccInfo(real.coreVersion(), real.firmwareVersion(), "QC0000099999", real.hardwareInfo());
            byte[] cert = P256.sign(ca.getPrivate(), DeviceCertificateBlob.of(other, dev.devicePublicKeyRaw()));
            byte[] payload = new byte[67];
            payload[0] = (byte) 0xA1;
            payload[1] = 0x25;
            System.arraycopy(cert, 0, payload, 2, 64);
            dev.command(0xFA, payload, 0xF8, 0); // staged through the generic custom command
            assertThatThrownBy(() -> dev.verifiedDevicePublicKey(ca.getPublic())).isInstanceOf(QccCertificateException.class)
                    .hasMessageContaining(real.serial());
            assertThat(P256.verify(ca.getPublic(), DeviceCertificateBlob.of(other, dev.devicePublicKeyRaw()), 0, 72,
                    dev.deviceCertificate())).isTrue();
        }
    }

    @Test
    void provisioningWithAnOpensslCaStagesBurnsOnceAndVerifies() throws Exception {
        Path caPriv = dir.resolve("ca_privkey.pem");
        Path caPub = dir.resolve("ca_pubkey.pem");
        OpensslCa.create(dir, caPriv, caPub, "correct horse");
        var b = QcicadaEmulator.builder().stateDir(dir.resolve("state")).rate(EmulatorRate.unlimited()).blank(true);
        try (DeviceUnderTest dut = DeviceUnderTest.start(Link.PTY, b); QCicadaDevice dev = open(dut, OPTS)) {
            assertThatThrownBy(dev::deviceCertificate).isInstanceOf(QccNackException.class);
            assertThatThrownBy(() -> dev.verifiedDevicePublicKey(caPub)).isInstanceOf(QccCertificateException.class)
                    .hasMessageContaining("has no certificate");
            assertThatThrownBy(() -> dev.setDeviceCertificate(caPriv, "wrong".toCharArray(), false))
                    .isInstanceOf(UnrecoverableKeyException.class).hasMessageContaining("wrong passphrase");

            var staged = dev.setDeviceCertificate(caPriv, "correct horse".toCharArray(), false);
            assertThat(staged.burned()).isFalse();
            assertThat(dev.verifiedDevicePublicKey(caPub)).isNotNull();
            assertThatThrownBy(() -> dev.setDeviceCertificate(caPriv, "correct horse".toCharArray(), true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not enabled");
            dev.reboot(); // a staged certificate does not survive a reboot
            assertThatThrownBy(dev::deviceCertificate).isInstanceOf(QccNackException.class);
        }
        try (DeviceUnderTest dut = DeviceUnderTest.start(Link.PTY, QcicadaEmulator.builder().stateDir(dir.resolve("state"))
                .rate(EmulatorRate.unlimited()));
                QCicadaDevice dev = open(dut, OPTS.withAllowOtpProgramming(true))) {
            var burned = dev.setDeviceCertificate(caPriv, "correct horse".toCharArray(), true);
            assertThat(burned.burned()).isTrue();
            ECPublicKey k = dev.verifiedDevicePublicKey(caPub);
            assertThat(dev.signedReadVerified(32, k)).hasSize(32);
            assertThatThrownBy(() -> dev.setDeviceCertificate(caPriv, "correct horse".toCharArray(), true))
                    .isInstanceOf(QccNackException.class);
            dev.reboot();
            assertThat(dev.verifiedDevicePublicKey(caPub)).isNotNull(); // burned: survives the reboot
        }
    }

    @ParameterizedTest
    @EnumSource(value = Link.class, names = {"PTY", "TCP"})
    void rebootReopensAndTheStartupTestRuns(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir);
                QCicadaDevice dev = open(dut, OPTS.withReboot(Duration.ofMillis(200), Duration.ofSeconds(5)))) {
            // long enough that a loaded machine's slow reopen still finds the startup test running
            dut.emulator().faults().startupTestDuration(Duration.ofSeconds(4));
            dev.oneShot(1000);
            dev.reboot();
            assertThat(dev.status().startupTestInProgress()).isTrue();
            assertThat(dev.statistics().generatedBytes()).isZero();
            assertThat(dev.awaitReady(Duration.ofSeconds(15)).healthy()).isTrue();
            assertThat(dev.signedRead(16).verify(dev.devicePublicKey())).isTrue();
        }
    }

    @Test
    void signedEntropyFeedsTheDrbg() throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(Link.PTY, dir); QCicadaDevice dev = open(dut, OPTS)) {
            ECPublicKey k = dev.verifiedDevicePublicKey(dut.emulator().attestation().oemCaPublicKeyPem().orElseThrow());
            long before = dut.emulator().statistics().signedReads();
            QrngDrbg drbg = QrngDrbg.builder(new SignedEntropyInput(dev, k))
                    .healthGate(new HealthGate(dev, Duration.ZERO))
                    .mixWith(new java.security.SecureRandom())
                    .reseedInterval(2)
                    .build();
            for (int i = 0; i < 4; i++) {
                drbg.nextBytes(new byte[64]);
            }
            assertThat(dut.emulator().statistics().signedReads() - before).isGreaterThanOrEqualTo(3);
            assertThat(drbg.toString()).contains("verified signed reads");
        }
    }

    @Test
    void p256RefusesPointsOffTheCurve() throws Exception {
        byte[] bad = new byte[64];
        bad[31] = 1;
        bad[63] = 1;
        assertThatThrownBy(() -> P256.publicKey(bad)).hasMessageContaining("not a point on the curve");
        byte[] ff = new byte[64];
        Arrays.fill(ff, (byte) 0xFF);
        assertThatThrownBy(() -> P256.publicKey(ff)).hasMessageContaining("out of range");
        assertThat(P256.verify(P256.publicKey(validKey()), new byte[1], 0, 1, new byte[64])).isFalse();
        assertThat(Files.exists(dir)).isTrue();
    }

    private static byte[] validKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return P256.raw((ECPublicKey) g.generateKeyPair().getPublic());
    }
}
