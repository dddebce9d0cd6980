package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.ControlFile;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.HealthTest;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.emulator.TcpPort;
import io.pqrstuv.qrng.emulator.VoltageFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fault injection, through the Java API and through the control file. */
class FaultInjectionTest {
    @TempDir
    Path dir;
    private QcicadaEmulator emu;
    private TcpPort host;

    @BeforeEach
    void start() throws Exception {
        emu = QcicadaEmulator.builder().stateDir(dir).rate(EmulatorRate.unlimited()).blank(true).build();
        host = new TcpPort(emu.serveTcp(0));
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        emu.close();
    }

    private int status() throws Exception {
        byte[] r = host.command(new byte[] {0x01}, 6);
        assertThat(r[0]).isEqualTo((byte) 0x11);
        return r[1] & 0xFF;
    }

    private long ready() throws Exception {
        byte[] r = host.command(new byte[] {0x01}, 6);
        return (r[2] & 0xFFL) | (r[3] & 0xFFL) << 8 | (r[4] & 0xFFL) << 16 | (r[5] & 0xFFL) << 24;
    }

    private long[] counters() throws Exception {
        byte[] r = host.command(new byte[] {0x09}, 31);
        long[] c = new long[3];
        for (int i = 0; i < 3; i++) {
            int at = 1 + 8 + 4 * i;
            c[i] = (r[at] & 0xFFL) | (r[at + 1] & 0xFFL) << 8 | (r[at + 2] & 0xFFL) << 16 | (r[at + 3] & 0xFFL) << 24;
        }
        return c; // rct, apt, bitcount
    }

    private byte[] oneShot(int n) throws Exception {
        host.write(new byte[] {0x04, 0x01, (byte) n, (byte) (n >>> 8)});
        byte[] first = host.readExactly(1, 3000);
        if (first[0] == 0x12) {
            return null;
        }
        host.readExactly(5, 3000);
        return host.readExactly(n, 3000);
    }

    private void setFlags(int flags) throws Exception {
        byte[] c = host.command(new byte[] {0x07}, 13);
        c[0] = 0x08;
        c[6] = (byte) flags;
        assertThat(host.command(c, 6)[0]).isEqualTo((byte) 0x11);
    }

    @Test
    void aHealthFailureSetsItsBitCountsOnceAndStopsOutput() throws Exception {
        assertThat(oneShot(64)).isNotNull();
        emu.faults().healthFailure(HealthTest.REPETITION_COUNT, true);
        assertThat(status() & 0x40).as("repetition_count bit").isNotZero();
        assertThat(ready()).as("nothing released").isZero();
        assertThat(oneShot(64)).as("no output while the failure is reported").isNull();
        assertThat(counters()).containsExactly(1, 0, 0);
        emu.faults().healthFailure(HealthTest.REPETITION_COUNT, true); // already failing: no new event
        assertThat(counters()).containsExactly(1, 0, 0);
        emu.faults().healthFailure(HealthTest.ADAPTIVE_PROPORTION, true);
        assertThat(status() & 0xC0).isEqualTo(0xC0);
        assertThat(counters()).containsExactly(1, 1, 0);

        emu.faults().healthFailure(HealthTest.REPETITION_COUNT, false).healthFailure(HealthTest.ADAPTIVE_PROPORTION, false);
        assertThat(status() & 0xE0).isZero();
        assertThat(oneShot(64)).as("service restored").isNotNull();
        assertThat(emu.statistics().repetitionCountFailures()).isEqualTo(1);
    }

    @Test
    void generateOnErrorKeepsDataFlowingWithTheFlagSet() throws Exception {
        setFlags(0x0F | 0x20); // + generate_on_error
        emu.faults().healthFailure(HealthTest.ADAPTIVE_PROPORTION, true);
        assertThat(status() & 0x80).isNotZero();
        assertThat(oneShot(256)).isNotNull();
    }

    @Test
    void aFailureOfADisabledTestIsNotReportedUntilTheTestIsEnabled() throws Exception {
        emu.faults().healthFailure(HealthTest.BIT_COUNT, true); // bit count is off in the factory config
        assertThat(status() & 0x20).isZero();
        assertThat(oneShot(64)).isNotNull();
        setFlags(0x0F | 0x10);
        assertThat(status() & 0x20).isNotZero();
        assertThat(counters()).containsExactly(0, 0, 1);
    }

    @Test
    void resetClearsCountersAndAStillFailingSourceFailsAgain() throws Exception {
        emu.faults().healthFailure(HealthTest.REPETITION_COUNT, true).startupTestDuration(Duration.ofMillis(300));
        assertThat(counters()).containsExactly(1, 0, 0);
        assertThat(host.command(new byte[] {0x0A}, 6)[0]).isEqualTo((byte) 0x11);
        assertThat(counters()).containsExactly(1, 0, 0); // cleared, then counted again
        emu.faults().healthFailure(HealthTest.REPETITION_COUNT, false);
        assertThat(host.command(new byte[] {0x0A}, 6)[0]).isEqualTo((byte) 0x11);
        assertThat(counters()).containsExactly(0, 0, 0);
    }

    @Test
    void voltageFlagsShowAndOutputGoesOn() throws Exception {
        emu.faults().voltage(VoltageFlag.LOW, VoltageFlag.UNDEFINED);
        assertThat(status() & 0x1C).isEqualTo(0x04 | 0x10);
        assertThat(oneShot(64)).isNotNull();
        emu.faults().voltage();
        assertThat(status() & 0x1C).isZero();
    }

    @Test
    void theStartupTestRunsForItsDurationAfterReset() throws Exception {
        emu.faults().startupTestDuration(Duration.ofMillis(800));
        long t0 = System.nanoTime();
        assertThat(host.command(new byte[] {0x0A}, 6)[1] & 0x02).as("startup_test_in_progress").isNotZero();
        assertThat(ready()).isZero();
        while ((status() & 0x02) != 0) {
            Thread.sleep(20);
        }
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertThat(took).isBetween(700L, 5000L);
        assertThat(ready()).isPositive();
    }

    @Test
    void aSilentDeviceAnswersNothingUntilItRecovers() throws Exception {
        emu.faults().silent(true);
        host.write(new byte[] {0x01});
        assertThat(host.readUntilSilence(700, 100)).isEmpty();
        emu.faults().silent(false);
        assertThat(status() & 0x01).isOne();
    }

    @Test
    void garbageOnTheLineAndAReplacedReply() throws Exception {
        emu.faults().injectBytes(new byte[] {0x42, 0x43});
        assertThat(host.readExactly(2, 3000)).as("unasked").containsExactly(0x42, 0x43);
        emu.faults().replaceNextReply(new byte[] {0x13, 0x00});
        assertThat(host.command(new byte[] {0x01}, 2)).as("once").containsExactly(0x13, 0x00);
        assertThat(host.readUntilSilence(200, 10)).isEmpty();
        assertThat(status() & 0x01).as("then normal replies").isOne();
    }

    @Test
    void theControlFileIsAppliedWhenItChangesAndIgnoredWhenBroken() throws Exception {
        Path file = emu.controlFile();
        assertThat(file).isEqualTo(dir.resolve(ControlFile.FILE));
        Files.writeString(file, "repetition_count = on\nvoltage = high\n");
        awaitStatus(0x40 | 0x08, 0x40 | 0x08);
        Files.writeString(file, "repetition_count = maybe\nvoltage = low\n");
        Thread.sleep(600);
        assertThat(status() & 0x4C).as("a broken file changes nothing").isEqualTo(0x40 | 0x08);
        Files.writeString(file, "silent = off\none_shot_policy = nack\n");
        awaitStatus(0x4C, 0);
        // writeString truncates before it writes: the watcher may see the empty file (defaults) first
        long applied = System.nanoTime() + 5_000_000_000L;
        while (emu.faults().settings().oneShotPolicy() != io.pqrstuv.qrng.emulator.OneShotPolicy.NACK) {
            assertThat(System.nanoTime()).as("one_shot_policy = nack applied").isLessThan(applied);
            Thread.sleep(50);
        }
        Files.delete(file);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (emu.faults().settings().oneShotPolicy() != io.pqrstuv.qrng.emulator.OneShotPolicy.STREAM) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitStatus(int mask, int expected) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((status() & mask) != expected) {
            assertThat(System.nanoTime()).as("status & %02x == %02x", mask, expected).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void controlFileSyntax() {
        var s = ControlFile.parse("# comment\n\nbit_count=on\nvoltage = low, high\nstartup_test_ms=1500\n"
                + "firmware_verification = fail\nsilent = yes\n", io.pqrstuv.qrng.emulator.FaultSettings.NONE);
        assertThat(s.healthFailures()).containsExactly(HealthTest.BIT_COUNT);
        assertThat(s.voltage()).containsExactlyInAnyOrder(VoltageFlag.LOW, VoltageFlag.HIGH);
        assertThat(s.startupTestDuration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.failFirmwareVerification()).isTrue();
        assertThat(s.silent()).isTrue();
        assertThat(ControlFile.parse(ControlFile.format(s), io.pqrstuv.qrng.emulator.FaultSettings.NONE)).isEqualTo(s);
        for (String bad : new String[] {"nonsense", "bit_count", "bit_count = sometimes", "voltage = medium",
                "startup_test_ms = -1", "startup_test_ms = 600001", "startup_test_ms = 1e3", "one_shot_policy = queue",
                "colour = blue", "silent = on\nsilent = off"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    ControlFile.parse(bad, io.pqrstuv.qrng.emulator.FaultSettings.NONE))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line ");
        }
        assertThat(Arrays.asList(ControlFile.format(s).split("\n"))).hasSize(9);
    }
}
