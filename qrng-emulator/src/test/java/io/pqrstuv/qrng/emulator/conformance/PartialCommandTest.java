package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.Target;
import io.pqrstuv.qrng.emulator.link.RawTty;
import org.junit.jupiter.api.Test;

/** A partial command is dropped after ~0.5 s of silence (notes §5.1); a slow but steady one is not. */
class PartialCommandTest {
    @Test
    void aPartialCommandIsDroppedAfterTheInterByteTimeout() throws Exception {
        try (Target t = Target.start(EmulatorRate.unlimited()); RawTty tty = t.open()) {
            assumeTrue(t.emulator() != null, "emulator behaviour (notes §5.1 [P])");
            tty.sdkOpen();
            tty.write(new byte[] {0x08, 0x00, 0x00, 0x00, (byte) 0x80}); // 4 of SET_CONFIG's 12 bytes
            Thread.sleep(800);
            // had the partial frame survived, these bytes would complete it and no status would come
            assertThat(tty.command(new byte[] {0x01}, 6)[0]).isEqualTo((byte) 0x11);
            assertThat(tty.readUntilSilence(300, 100)).isEmpty();
            assertThat(t.emulator().statistics().partialCommandsDropped()).isEqualTo(1);
        }
    }

    @Test
    void aCommandSentInSlowPiecesIsStillOneCommand() throws Exception {
        try (Target t = Target.start(EmulatorRate.unlimited()); RawTty tty = t.open()) {
            tty.sdkOpen();
            byte[] cmd = {0x04, 0x01, 0x10, 0x00};
            for (byte b : cmd) {
                tty.write(new byte[] {b});
                Thread.sleep(150);
            }
            byte[] r = tty.readExactly(6 + 16, 3000);
            assertThat(r[0]).isEqualTo((byte) 0x11);
        }
    }

    @Test
    void garbageGetsOneNackPerUnknownByteAndTheDeviceStaysInSync() throws Exception {
        try (Target t = Target.start(EmulatorRate.unlimited()); RawTty tty = t.open()) {
            tty.sdkOpen();
            byte[] garbage = {0x00, 0x02, 0x03, 0x06, 0x0C, 0x13, 0x7E, (byte) 0xEE};
            tty.write(garbage);
            assertThat(tty.readExactly(garbage.length, 3000)).containsOnly(0x12);
            assertThat(tty.command(new byte[] {0x01}, 6)[0]).isEqualTo((byte) 0x11);
        }
    }
}
