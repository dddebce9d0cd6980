package io.pqrstuv.qrng.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.qrng.HashTestResult;
import io.pqrstuv.qrng.QccDevice;
import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.QccUpdateException;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.OneShotPolicy;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.error.QccException;
import io.pqrstuv.qrng.error.QccNackException;
import io.pqrstuv.qrng.error.QccProtocolException;
import io.pqrstuv.qrng.error.QccTimeoutException;
import io.pqrstuv.qrng.testing.DeviceUnderTest.Link;
import io.pqrstuv.qrng.testing.DeviceUnderTest;
import io.pqrstuv.qrng.wire.Postprocess;
import io.pqrstuv.qrng.wire.QccConfig;
import io.pqrstuv.qrng.wire.QccInfo;
import io.pqrstuv.qrng.wire.QccStatus;
import io.pqrstuv.qrng.wire.UpdateStatus;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The library against the emulator (or a real device, {@code -Dpqrstuv.qrng.tty=PATH}) over a
 * real pty opened with jSerialComm, over tcp and over tcpudp: every operation, every error path,
 * the deadlines, and 100 continuous cycles.
 */
class QccDeviceEmulatorTest {
    private static final QccOptions OPTS = QccOptions.defaults()
            .withResponseTimeout(Duration.ofMillis(1000))
            .withStopSilence(Duration.ofMillis(100))
            .withStopTimeout(Duration.ofSeconds(3));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Link.class)
    void everyOperation(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir); QccDevice dev = dut.open(OPTS)) {
            QccInfo info = dev.info();
            assertThat(info.serial()).startsWith("QC");
            assertThat(info.hardwareInfo()).startsWith("CICADA-QRNG-");
            assertThat(info.firmwareVersion()).isPositive();
            assertThat(info.coreVersion()).isPositive();

            QccStatus st = dev.status();
            assertThat(st.initialized()).isTrue();
            assertThat(st.healthy()).isTrue();
            assertThat(st.readyBytes()).isPositive();

            QccConfig original = dev.config();
            assertThat(original.blockSize()).isPositive();
            QccConfig changed = dev.updateConfig(c -> c.withInitialLevel(42.5f).withAutocalibrationTarget(1234));
            assertThat(changed.initialLevel()).isEqualTo(42.5f);
            assertThat(dev.config().encode()).isEqualTo(changed.encode());
            assertThat(dev.updateConfig(c -> original).encode()).isEqualTo(original.encode());

            assertThat(dev.statistics().speedBitsPerSecond()).isPositive();

            byte[] one = dev.oneShot(1);
            assertThat(one).hasSize(1);
            byte[] a = dev.oneShot(65_535);
            byte[] b = dev.oneShot(65_535);
            assertThat(a).isNotEqualTo(b).isNotEqualTo(new byte[65_535]);
            byte[] big = new byte[150_000];
            dev.readRandom(big, 0, big.length, QccDevice.StatusCheck.HEALTHY);
            assertThat(Arrays.copyOfRange(big, 140_000, 150_000)).isNotEqualTo(new byte[10_000]);

            dev.startContinuous();
            byte[] cont = dev.readContinuous(100_000);
            assertThat(cont).isNotEqualTo(new byte[100_000]);
            assertThat(dev.stop().initialized()).isTrue();
            assertThat(dev.status().initialized()).isTrue();

            try (InputStream in = dev.continuousStream()) {
                assertThat(in.readNBytes(10_000)).hasSize(10_000);
            }
            assertThat(dev.streaming()).isFalse();
            assertThat(dev.oneShot(32)).hasSize(32);

            byte[] data = new byte[3000];
            ThreadLocalRandom.current().nextBytes(data);
            HashTestResult h = dev.hashTest(data);
            assertThat(h.matches()).as("%s", h).isTrue();

            assertThat(dev.command(0x01, new byte[0])).hasSize(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void firmwareUpdateReachesTheDeviceIntact(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir)) {
            QcicadaEmulator emu = dut.emulator(); // never flash a real device from a test
            try (QccDevice dev = dut.open(OPTS)) {
                byte[] image = new byte[5000];
                ThreadLocalRandom.current().nextBytes(image);
                java.util.List<Long> progress = new java.util.ArrayList<>();
                dev.updateFirmware(image, (sent, total) -> progress.add(sent));
                assertThat(emu.firmwareImage()).hasValueSatisfying(img -> assertThat(img).isEqualTo(image));
                assertThat(progress).containsExactly(0L, 1024L, 2048L, 3072L, 4096L, 5000L);

                emu.faults().failFirmwareVerification(true);
                assertThatThrownBy(() -> dev.updateFirmware(new byte[2000], null)).isInstanceOf(QccUpdateException.class)
                        .satisfies(e -> assertThat(((QccUpdateException) e).status()).isEqualTo(UpdateStatus.ERR_VERIFICATION));
                assertThat(emu.firmwareImage()).hasValueSatisfying(img -> assertThat(img).isEqualTo(image));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void nackIsTypedAndLeavesTheDeviceUsable(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir); QccDevice dev = dut.open(OPTS)) {
            QccConfig zero = new QccConfig(Postprocess.SHA256, 0f, false, false, false, false, false, false, 0, 0, 0, 0, 0);
            assertThatThrownBy(() -> dev.setConfig(zero)).isInstanceOf(QccNackException.class);
            assertThatThrownBy(() -> dev.command(0x33, new byte[0], 0x11, 5)).isInstanceOf(QccNackException.class);
            assertThat(dev.status().initialized()).isTrue();
            assertThat(dev.config().blockSize()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void silentDeviceDeadlinesAreHonouredWithinTenPercent(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir); QccDevice dev = dut.open(OPTS)) {
            QcicadaEmulator emu = dut.emulator();
            emu.faults().silent(true);
            Thread.sleep(300); // the emulator applies it at the end of its current wait (up to 200 ms)
            assertDeadline(() -> dev.status(), 1000);
            assertDeadline(() -> dev.oneShot(5000), 1500); // 1 s + 5000 B at 10 kB/s
            assertDeadline(() -> dev.stop(), 1000);
            emu.faults().silent(false);
            assertThat(dev.status().initialized()).isTrue();
        }
    }

    /**
     * The call must time out never before its deadline and, in at least one of three tries, within
     * 10 % after it. A deadline the library overshoots fails every try; one scheduling stall of a
     * loaded build machine (a GC, another process on the core) fails one try, not three.
     */
    private static void assertDeadline(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, long millis) {
        List<Long> tries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            assertThatThrownBy(call).isInstanceOf(QccTimeoutException.class);
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertThat(took).as("deadline %d ms: never early", millis).isGreaterThanOrEqualTo(millis);
            tries.add(took);
            if (took <= millis + millis / 10) {
                return;
            }
        }
        throw new AssertionError("deadline " + millis + " ms overshot by more than 10 % in every try: " + tries + " ms");
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void hostThatStopsReadingDuringContinuousThenStops(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir); QccDevice dev = dut.open(OPTS)) {
            dev.startContinuous();
            dev.readContinuous(1000);
            Thread.sleep(1500); // the host stops reading
            assertThat(dev.stop().initialized()).isTrue();
            assertThat(dev.status().initialized()).isTrue();
            assertThat(dev.oneShot(1000)).hasSize(1000);
        }
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void garbageInTheStreamAndCorruptedRepliesAreTypedAndRecoveredFrom(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir); QccDevice dev = dut.open(OPTS)) {
            QcicadaEmulator emu = dut.emulator();
            byte[] junk = new byte[3000];
            ThreadLocalRandom.current().nextBytes(junk);
            junk[0] = 0x11; // looks like an ACK: only discarding it keeps the next reply right
            emu.faults().injectBytes(junk);
            Thread.sleep(200);
            assertThat(dev.status().initialized()).isTrue();

            emu.faults().replaceNextReply(new byte[] {(byte) 0x99, 1, 2});
            assertThatThrownBy(dev::info).isInstanceOf(QccProtocolException.class)
                    .hasMessageContaining("unexpected response byte 0x99 to GET_INFO");
            assertThat(dev.info().serial()).startsWith("QC");

            emu.faults().replaceNextReply(new byte[] {0x11, 0x01, (byte) 0x80});
            assertThatThrownBy(dev::status).isInstanceOf(QccTimeoutException.class).hasMessageContaining("3 of 6 bytes");
            assertThat(dev.status().initialized()).isTrue();

            dev.startContinuous();
            dev.readContinuous(10_000);
            emu.faults().injectBytes(junk); // in the stream it is just more data (on tcpudp: junk on TCP)
            Thread.sleep(200); // injected at the emulator's next step: let it land before the STOP
            dev.readContinuous(10_000);
            assertThat(dev.stop().initialized()).isTrue();
            assertThat(dev.oneShot(64)).hasSize(64);
        }
    }

    /** Serial only: on tcp and tcpudp a new connection is a new session, and closing one ends its stream. */
    @ParameterizedTest
    @EnumSource(value = Link.class, names = "PTY")
    void garbageFromADeviceLeftStreamingIsRecoveredFrom(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir)) {
            // An earlier client leaves the device streaming (it never sends STOP).
            try (var raw = dut.endpoint().open(Duration.ofSeconds(2))) {
                raw.write(new byte[] {0x04, 0, 0, 0});
                Thread.sleep(200);
            }
            try (QccDevice dev = dut.open(OPTS.withStopOnOpen(false))) {
                // Random data where a reply should be: an unexpected byte (or, 1 in 256, a stray NACK).
                assertThatThrownBy(dev::status).isInstanceOfAny(QccProtocolException.class, QccNackException.class);
                // The next call drains, finds the line never goes silent, STOPs, and works.
                assertThat(dev.status().initialized()).isTrue();
                assertThat(dev.oneShot(100)).hasSize(100);
            }
            try (var raw = dut.endpoint().open(Duration.ofSeconds(2))) {
                raw.write(new byte[] {0x04, 0, 0, 0});
                Thread.sleep(200);
            }
            try (QccDevice dev = dut.open(OPTS)) { // the default open sequence STOPs first
                assertThat(dev.status().initialized()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void resetRunsTheStartupTestLikeAReboot(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir); QccDevice dev = dut.open(OPTS)) {
            dut.emulator().faults().startupTestDuration(Duration.ofMillis(400));
            QccStatus s = dev.reset();
            assertThat(s.startupTestInProgress()).isTrue();
            assertThat(dev.statistics().generatedBytes()).isZero();
            assertThatThrownBy(() -> dev.readRandom(new byte[16], 0, 16, QccDevice.StatusCheck.HEALTHY))
                    .isInstanceOf(QccException.class).hasMessageContaining("startup test in progress");
            QccStatus ready = dev.awaitReady(Duration.ofSeconds(3));
            assertThat(ready.startupTestInProgress()).isFalse();
            byte[] out = new byte[16];
            dev.readRandom(out, 0, 16, QccDevice.StatusCheck.HEALTHY);
            assertThat(out).isNotEqualTo(new byte[16]);
        }
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void hundredContinuousCyclesWithoutLosingSync(Link link) throws Exception {
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, dir);
                QccDevice dev = dut.open(OPTS.withStopSilence(Duration.ofMillis(30)))) {
            for (int i = 0; i < 100; i++) {
                dev.startContinuous();
                byte[] d = dev.readContinuous(4096);
                assertThat(d).isNotEqualTo(new byte[4096]);
                QccStatus s = dev.stop();
                assertThat(s.initialized()).as("cycle %d", i).isTrue();
            }
            assertThat(dev.status().initialized()).isTrue();
            assertThat(dev.info().serial()).startsWith("QC");
        }
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void longReadsAdaptToADeviceThatNacksOneShotsBeyondItsPool(Link link) throws Exception {
        var builder = QcicadaEmulator.builder().stateDir(dir).rate(EmulatorRate.bytesPerSecond(400_000));
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, builder); QccDevice dev = dut.open(OPTS)) {
            dut.emulator().faults().oneShotPolicy(OneShotPolicy.NACK);
            assertThatThrownBy(() -> dev.oneShot(40_000)).isInstanceOf(QccNackException.class);
            byte[] out = new byte[60_000];
            dev.readRandom(out, 0, out.length, QccDevice.StatusCheck.HEALTHY);
            assertThat(Arrays.copyOfRange(out, 50_000, 60_000)).isNotEqualTo(new byte[10_000]);
        }
    }
}
