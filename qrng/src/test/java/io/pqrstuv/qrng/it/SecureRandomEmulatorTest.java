package io.pqrstuv.qrng.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.qrng.QccDevice;
import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.emulator.HealthTest;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.emulator.VoltageFlag;
import io.pqrstuv.qrng.jca.QrngProvider;
import io.pqrstuv.qrng.jca.QrngUnavailableException;
import io.pqrstuv.qrng.testing.DeviceUnderTest;
import io.pqrstuv.qrng.testing.DeviceUnderTest.Link;
import io.pqrstuv.qrng.testing.RandomnessTests;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JCA provider on the emulator over a pty: output, refusals on injected faults, statistics. */
class SecureRandomEmulatorTest {
    @TempDir
    Path dir;
    private DeviceUnderTest dut;
    private QccDevice dev;
    private QrngProvider provider;

    @BeforeEach
    void open() throws Exception {
        dut = DeviceUnderTest.start(Link.PTY, dir);
        dev = dut.open(QccOptions.defaults().withStopSilence(Duration.ofMillis(100)));
        provider = new QrngProvider(dev);
    }

    @AfterEach
    void close() {
        dev.close();
        dut.close();
    }

    @Test
    void qrngOutputDiffersBetweenCallsAndComesFromTheDevice() throws Exception {
        SecureRandom r = SecureRandom.getInstance("QRNG", provider);
        byte[] a = new byte[4096];
        byte[] b = new byte[4096];
        r.nextBytes(a);
        r.nextBytes(b);
        assertThat(a).isNotEqualTo(b);
        SecureRandom d = SecureRandom.getInstance("QRNG-DRBG", provider);
        byte[] c = new byte[4096];
        byte[] e = new byte[4096];
        d.nextBytes(c);
        d.nextBytes(e);
        assertThat(c).isNotEqualTo(e);
    }

    @Test
    void drbgOutputPassesMonobitAndRunsOnOneMegabyte() throws Exception {
        SecureRandom d = SecureRandom.getInstance("QRNG-DRBG", provider);
        byte[] mb = new byte[1 << 20];
        d.nextBytes(mb);
        RandomnessTests.Result mono = RandomnessTests.monobit(mb);
        RandomnessTests.Result runs = RandomnessTests.runs(mb);
        assertThat(mono.pValue()).as("monobit %s", mono).isGreaterThanOrEqualTo(RandomnessTests.CI_ALPHA);
        assertThat(runs.pValue()).as("runs %s", runs).isGreaterThanOrEqualTo(RandomnessTests.CI_ALPHA);
    }

    @Test
    void bothRefuseWhileAHealthTestFailsAndResumeWhenItClears() throws Exception {
        QcicadaEmulator emu = dut.emulator();
        SecureRandom drbg = SecureRandom.getInstance("QRNG-DRBG", provider);
        SecureRandom raw = SecureRandom.getInstance("QRNG", provider);
        drbg.nextBytes(new byte[32]);
        emu.faults().healthFailure(HealthTest.REPETITION_COUNT, true);
        assertThatThrownBy(() -> drbg.nextBytes(new byte[32])).isInstanceOf(QrngUnavailableException.class)
                .hasMessage("QRNG refused: repetition-count health test failure");
        assertThatThrownBy(() -> raw.nextBytes(new byte[32])).isInstanceOf(QrngUnavailableException.class)
                .hasMessageContaining("repetition-count health test failure");
        assertThatThrownBy(() -> SecureRandom.getInstance("QRNG-DRBG", provider)).rootCause()
                .hasMessageContaining("repetition-count health test failure");
        emu.faults().healthFailure(HealthTest.REPETITION_COUNT, false);
        long before = emu.statistics().generatedBytesTotal();
        drbg.nextBytes(new byte[32]);
        assertThat(emu.statistics().generatedBytesTotal()).as("reseeded after recovery").isGreaterThan(before);
        raw.nextBytes(new byte[32]);
    }

    @Test
    void drbgRefusesOnVoltageAndDuringTheStartupTest() throws Exception {
        QcicadaEmulator emu = dut.emulator();
        SecureRandom drbg = SecureRandom.getInstance("QRNG-DRBG", provider);
        emu.faults().voltage(VoltageFlag.HIGH);
        assertThatThrownBy(() -> drbg.nextBytes(new byte[8])).isInstanceOf(QrngUnavailableException.class)
                .hasMessage("QRNG refused: light-source voltage too high");
        emu.faults().voltage();
        emu.faults().startupTestDuration(Duration.ofMillis(500));
        dev.reset();
        assertThatThrownBy(() -> drbg.nextBytes(new byte[8])).isInstanceOf(QrngUnavailableException.class)
                .hasMessage("QRNG refused: startup test in progress");
        dev.awaitReady(Duration.ofSeconds(3));
        drbg.nextBytes(new byte[8]);
    }
}
