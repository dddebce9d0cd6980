package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.emulator.Target;
import io.pqrstuv.qrng.emulator.link.RawTty;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * STOP and the buffering trap of notes §5.2: the device is a UART without flow control, so a host
 * that stops reading during continuous mode must not find a backlog it cannot get past.
 */
class StopAndBacklogTest {
    /** What the host's STOP sees: bytes until 0.5 s of silence, ending with ACK + status. */
    private static byte[] stop(RawTty tty) throws Exception {
        byte[] tail = tty.stopAndDrain();
        assertThat(tail.length).isGreaterThanOrEqualTo(6);
        assertThat(tail[tail.length - 6]).as("ACK is the 6th byte from the end").isEqualTo((byte) 0x11);
        return tail;
    }

    @Test
    void stopLeavesTheLineSilentAfterAckAndStatus() throws Exception {
        try (Target t = Target.start(EmulatorRate.unlimited()); RawTty tty = t.open()) {
            tty.sdkOpen();
            for (int i = 0; i < 5; i++) {
                tty.write(new byte[] {0x04, 0x00, 0x00, 0x00});
                assertThat(tty.readExactly(6, 3000)[0]).isEqualTo((byte) 0x11);
                tty.readExactly(10_000, 3000);
                stop(tty);
                assertThat(tty.readUntilSilence(1000, 100)).as("silent after STOP").isEmpty();
                assertThat(tty.command(new byte[] {0x01}, 6)[0]).as("next command answered at once").isEqualTo((byte) 0x11);
            }
        }
    }

    @Test
    void aCommandDuringTheStreamPutsANackIntoItAndTheStreamGoesOn() throws Exception {
        try (Target t = Target.start(EmulatorRate.bytesPerSecond(50_000)); RawTty tty = t.open()) {
            tty.sdkOpen();
            tty.write(new byte[] {0x04, 0x00, 0x00, 0x00});
            tty.readExactly(6, 3000);
            tty.write(new byte[] {0x01});
            // Crypta's self-test: GET_STATUS must not succeed, then 1 kB more of continuous data
            tty.readExactly(1024, 3000);
            tty.write(new byte[] {0x01});
            tty.readExactly(1024, 3000);
            stop(tty);
            if (t.emulator() != null) {
                assertThat(t.emulator().statistics().nacks()).isEqualTo(2);
            }
        }
    }

    /**
     * The measurement of notes §5.2: the host reads a little, stops reading for a while, then does
     * what the SDK does (flush its input, STOP, read until silence). Owning the pty master and
     * dropping what does not fit, the emulator leaves only what is in flight.
     */
    @Test
    void noBacklogAfterTheHostStoppedReadingSdkStyle() throws Exception {
        Map<Integer, Integer> afterStop = new LinkedHashMap<>();
        try (Target t = Target.start(QcicadaEmulator.builder()); RawTty tty = t.open()) {
            tty.sdkOpen();
            for (int idle : new int[] {0, 1, 3, 8}) {
                tty.write(new byte[] {0x04, 0x00, 0x00, 0x00});
                tty.readExactly(6 + 1000, 3000);
                Thread.sleep(idle * 1000L);
                tty.flushInput();
                int n = stop(tty).length;
                afterStop.put(idle, n);
                assertThat(tty.readUntilSilence(300, 100)).isEmpty();
            }
            System.out.println("bytes after STOP by idle seconds (SDK style): " + afterStop);
        }
        // in flight between the flush and the STOP at 100 kB/s, plus ACK + status; never a backlog
        assertThat(afterStop.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1024));
    }

    /**
     * The vendor's C client sends STOP without flushing and gives up after 16,384 bytes: what waits
     * in the host's queue must stay well below that, as behind a real FTDI UART.
     */
    @Test
    void backlogStaysSmallWithoutAFlushCClientStyle() throws Exception {
        Map<Integer, Integer> afterStop = new LinkedHashMap<>();
        try (Target t = Target.start(QcicadaEmulator.builder()); RawTty tty = t.open()) {
            tty.sdkOpen();
            for (int idle : new int[] {0, 3}) {
                tty.write(new byte[] {0x04, 0x00, 0x00, 0x00});
                tty.readExactly(6 + 1000, 3000);
                Thread.sleep(idle * 1000L);
                afterStop.put(idle, stop(tty).length);
            }
            System.out.println("bytes after STOP by idle seconds (C client style, no flush): " + afterStop);
            if (t.emulator() != null) {
                assertThat(t.emulator().statistics().droppedBytes()).as("the UART lost what the host did not take")
                        .isPositive();
            }
        }
        assertThat(afterStop.values()).allSatisfy(n -> assertThat(n).isLessThan(16_384 / 2));
    }
}
