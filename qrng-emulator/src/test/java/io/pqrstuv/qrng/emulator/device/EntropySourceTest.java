package io.pqrstuv.qrng.emulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.wire.DeviceConfig;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntropySourceTest {
    private static DeviceConfig config(String hex) {
        return DeviceConfig.of(HexFormat.of().parseHex(hex));
    }

    /** Output read in pieces of any length is one continuous stream: raw samples stay u16-aligned. */
    @Test
    void rawSamplesStayAlignedAcrossOddPieces() {
        DeviceConfig samples = config("020000003f0f0440c0010008"); // RAW_SAMPLES, target 2048
        try (EntropySource s = new EntropySource()) {
            Random r = new Random(1);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (all.size() < 20_000) {
                byte[] piece = new byte[1 + r.nextInt(99)];
                s.fill(samples, piece, 0, piece.length);
                all.writeBytes(piece);
            }
            byte[] b = all.toByteArray();
            for (int i = 0; i + 1 < b.length; i += 2) {
                int v = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
                assertThat(v).as("sample at %d", i).isBetween(2048 - 510, 2048 + 510);
            }
        }
    }
}
