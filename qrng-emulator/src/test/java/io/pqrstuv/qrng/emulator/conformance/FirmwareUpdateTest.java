package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.emulator.TcpPort;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firmware update (notes §1.11): checksum rules, a rejected chunk is not counted (the C CLI retries
 * it), the ERR_* codes, the image kept. Emulator only: never run against real hardware. Over TCP,
 * the same byte stream as the pty, to keep the test quick.
 */
class FirmwareUpdateTest {
    @TempDir
    Path dir;

    private static byte[] init(long size) {
        return new byte[] {0x40, (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)};
    }

    static byte[] chunk(byte[] data, int off, int len, Integer checksumOverride) {
        byte[] c = new byte[1 + 1027];
        c[0] = 0x41;
        c[1] = (byte) len;
        c[2] = (byte) (len >>> 8);
        System.arraycopy(data, off, c, 3, Math.min(len, Math.max(0, data.length - off)));
        int sum = 0;
        for (int i = 0; i < len; i++) {
            sum += c[3 + i] & 0xFF;
        }
        c[1 + 1026] = (byte) (checksumOverride != null ? checksumOverride : ~sum & 0xFF);
        return c;
    }

    /** {@code 43 sts remaining}: returns {sts, remaining}. */
    private static long[] reply(TcpPort host, byte[] cmd) throws Exception {
        byte[] r = host.command(cmd, 6);
        assertThat(r[0]).isEqualTo((byte) 0x43);
        long remaining = (r[2] & 0xFFL) | (r[3] & 0xFFL) << 8 | (r[4] & 0xFFL) << 16 | (r[5] & 0xFFL) << 24;
        return new long[] {r[1], remaining};
    }

    @Test
    void aWholeImageWithRetriedBadChunksIsKeptAndSurvivesARestart() throws Exception {
        byte[] image = new byte[5000];
        new Random(3).nextBytes(image);
        Path state = dir.resolve("state");
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(state).rate(EmulatorRate.unlimited()).build();
             TcpPort host = new TcpPort(emu.serveTcp(0))) {
            assertThat(reply(host, chunk(image, 0, 1024, null))).as("chunk before INIT").containsExactly(3, 0);
            assertThat(reply(host, init(image.length))).containsExactly(0, 5000);
            long remaining = image.length;
            int off = 0;
            while (remaining > 0) {
                int len = (int) Math.min(1024, remaining);
                // a corrupted checksum first: refused, remaining unchanged
                assertThat(reply(host, chunk(image, off, len, ~0 & (chunkSum(image, off, len) ^ 0x5A))))
                        .containsExactly(6, remaining);
                long[] r = reply(host, chunk(image, off, len, null));
                remaining -= len;
                off += len;
                assertThat(r).containsExactly(remaining == 0 ? 2 : 1, remaining);
            }
            assertThat(emu.firmwareImage()).hasValueSatisfying(i -> assertThat(i).isEqualTo(image));
            assertThat(reply(host, chunk(image, 0, 10, null))).as("after COMPLETED").containsExactly(3, 0);
        }
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(state).rate(EmulatorRate.unlimited()).build()) {
            assertThat(emu.firmwareImage()).hasValueSatisfying(i -> assertThat(i).isEqualTo(image));
        }
    }

    private static int chunkSum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += b[i] & 0xFF;
        }
        return ~sum & 0xFF;
    }

    @Test
    void badSizesAndLengthsAreRefusedWithTheirCodes() throws Exception {
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir).rate(EmulatorRate.unlimited()).build();
             TcpPort host = new TcpPort(emu.serveTcp(0))) {
            assertThat(reply(host, init(0))).as("empty image").containsExactly(6, 0);
            assertThat(reply(host, init(0xFFFF_FFFFL))).as("larger than the flash").containsExactly(4, 0);
            assertThat(reply(host, init(2000))).containsExactly(0, 2000);
            byte[] data = new byte[2000];
            Arrays.fill(data, (byte) 0x5A);
            assertThat(reply(host, chunk(data, 0, 0, null))).as("zero length").containsExactly(6, 2000);
            assertThat(reply(host, chunk(data, 0, 1025, null))).as("over 1024").containsExactly(6, 2000);
            assertThat(reply(host, chunk(data, 0, 1024, null))).containsExactly(1, 976);
            assertThat(reply(host, chunk(data, 0, 1000, null))).as("more than remains").containsExactly(6, 976);
            assertThat(reply(host, chunk(data, 0, 976, null))).containsExactly(2, 0);
            // checksum examples of notes §1.11: 01 -> FE
            assertThat(reply(host, init(1))).containsExactly(0, 1);
            assertThat(reply(host, chunk(new byte[] {1}, 0, 1, 0xFE))).containsExactly(2, 0);
        }
    }

    @Test
    void aFailingVerificationIsReportedAndTheImageIsNotKept() throws Exception {
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir).rate(EmulatorRate.unlimited()).build();
             TcpPort host = new TcpPort(emu.serveTcp(0))) {
            emu.faults().failFirmwareVerification(true);
            byte[] data = new byte[100];
            assertThat(reply(host, init(100))).containsExactly(0, 100);
            assertThat(reply(host, chunk(data, 0, 100, null))).containsExactly(5, 0);
            assertThat(emu.firmwareImage()).isEmpty();
            emu.faults().failFirmwareVerification(false);
            assertThat(reply(host, init(100))).containsExactly(0, 100);
            assertThat(reply(host, chunk(data, 0, 100, null))).containsExactly(2, 0);
            assertThat(emu.firmwareImage()).hasValueSatisfying(i -> assertThat(i).hasSize(100));
        }
    }
}
