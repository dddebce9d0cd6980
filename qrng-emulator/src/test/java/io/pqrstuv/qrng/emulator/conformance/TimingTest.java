package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.Target;
import io.pqrstuv.qrng.emulator.link.RawTty;
import org.junit.jupiter.api.Test;

/**
 * Timing at the DEFAULT (real) rate, where the third-party SDK's deadlines bite (notes §2, §5.1):
 * a read of n bytes must complete within 0.5 s + 0.1 ms × n of the start of the data read.
 */
class TimingTest {
    private static long sdkDeadlineNanos(int n) {
        return 500_000_000L + 100_000L * n;
    }

    private static int readyBytes(byte[] ack) {
        return (ack[2] & 0xFF) | (ack[3] & 0xFF) << 8 | (ack[4] & 0xFF) << 16 | (ack[5] & 0xFF) << 24;
    }

    @Test
    void oneShotOf65535BytesAtTheDefaultRateMeetsTheSdkDeadline() throws Exception {
        try (Target t = Target.start(io.pqrstuv.qrng.emulator.QcicadaEmulator.builder());
             RawTty tty = t.open()) {
            tty.sdkOpen();
            int n = 65_535;
            tty.write(new byte[] {0x04, 0x01, (byte) 0xFF, (byte) 0xFF});
            byte[] ack = tty.readExactly(6, 3000);
            assertThat(ack[0]).isEqualTo((byte) 0x11);
            long start = System.nanoTime();
            tty.readExactly(n, sdkDeadlineNanos(n) / 1_000_000);
            long took = System.nanoTime() - start;
            assertThat(took).isLessThan(sdkDeadlineNanos(n));
            if (t.emulator() != null) {
                // not faster than the device either: the pool, then ~12.5 kB/s
                double expected = (n - EmulatorRate.READY_POOL_BYTES) / (double) EmulatorRate.REAL_BYTES_PER_SECOND;
                assertThat(took / 1e9).isGreaterThan(expected * 0.9);
            }
            assertThat(tty.readUntilSilence(300, 100)).isEmpty();
        }
    }

    @Test
    void aReadWithinTheReadyPoolIsServedAtLineRate() throws Exception {
        try (Target t = Target.start(io.pqrstuv.qrng.emulator.QcicadaEmulator.builder());
             RawTty tty = t.open()) {
            tty.sdkOpen();
            byte[] status = tty.command(new byte[] {0x01}, 6);
            int ready = readyBytes(status);
            assertThat(ready).isPositive();
            tty.write(new byte[] {0x04, 0x01, (byte) ready, (byte) (ready >>> 8)});
            tty.readExactly(6, 3000);
            long start = System.nanoTime();
            tty.readExactly(ready, 3000);
            long took = System.nanoTime() - start;
            assertThat(took).isLessThan(sdkDeadlineNanos(ready));
            if (t.emulator() != null) {
                // 1,000,000 baud 8N1 = 100,000 B/s: the pool cannot arrive faster than the line carries it
                assertThat(took / 1e9).isGreaterThan(ready / (double) EmulatorRate.LINE_BYTES_PER_SECOND * 0.8);
                byte[] after = tty.command(new byte[] {0x01}, 6);
                assertThat(readyBytes(after)).as("the pool was emptied and refills at ~12.5 kB/s").isLessThan(ready);
            }
        }
    }

    @Test
    void nackPolicyRefusesReadsBeyondTheReadyPool() throws Exception {
        try (Target t = Target.start(io.pqrstuv.qrng.emulator.QcicadaEmulator.builder())) {
            assumeTrue(t.emulator() != null, "emulator policy");
            t.emulator().faults().oneShotPolicy(io.pqrstuv.qrng.emulator.OneShotPolicy.NACK);
            try (RawTty tty = t.open()) {
                tty.sdkOpen();
                int ready = readyBytes(tty.command(new byte[] {0x01}, 6));
                int n = ready + 1;
                assertThat(tty.command(new byte[] {0x04, 0x01, (byte) n, (byte) (n >>> 8)}, 1)).containsExactly(0x12);
                byte[] ok = tty.command(new byte[] {0x04, 0x01, 0x00, 0x01}, 6 + 256);
                assertThat(ok[0]).isEqualTo((byte) 0x11);
            }
        }
    }
}
