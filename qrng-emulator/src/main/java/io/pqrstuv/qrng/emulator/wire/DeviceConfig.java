package io.pqrstuv.qrng.emulator.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The 12-byte "full mode" configuration (notes §1.3), kept as the exact bytes the host wrote:
 * a configuration read back must be byte-identical to what was set (Crypta's self-test compares all
 * 12 bytes), so the device never re-encodes it, it only reads fields out of it.
 */
public final class DeviceConfig {
    public static final int LENGTH = 12;
    public static final int STARTUP_TEST = 1;
    public static final int AUTO_CALIBRATION = 1 << 1;
    public static final int REPETITION_COUNT = 1 << 2;
    public static final int ADAPTIVE_PROPORTION = 1 << 3;
    public static final int BIT_COUNT = 1 << 4;
    public static final int GENERATE_ON_ERROR = 1 << 5;
    public static final int MAX_BLOCK_SIZE = 4096;

    /**
     * The emulator's factory default (notes §4 [P]): SHA256, level 0.5, startup test, auto-calibration,
     * RCT and APT on, bit count and generate_on_error off, 4 LSBs, 64 bytes hashed, block 448, target 2048.
     */
    public static final DeviceConfig FACTORY = new DeviceConfig(
            HexFormat.of().parseHex("000000003f0f0440c0010008"));

    private final byte[] bytes;

    private DeviceConfig(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The configuration in {@code b}; {@link #validationError()} says whether a device accepts it. */
    public static DeviceConfig of(byte[] b) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("a configuration is " + LENGTH + " bytes, got " + b.length);
        }
        return new DeviceConfig(b.clone());
    }

    /**
     * Why the device refuses this configuration with NACK (notes §4 [P]), or empty if it accepts it:
     * an all-zero configuration (Crypta's "Set configuration – NACK" test), an unknown postprocess,
     * a zero or oversized block, zero bytes hashed or zero LSBs per sample.
     */
    public Optional<String> validationError() {
        boolean allZero = true;
        for (byte x : bytes) {
            allZero &= x == 0;
        }
        if (allZero) {
            return Optional.of("all-zero configuration");
        }
        if (postprocessCode() > 2) {
            return Optional.of("postprocess " + postprocessCode() + " is not 0, 1 or 2");
        }
        if (blockSize() == 0 || blockSize() > MAX_BLOCK_SIZE) {
            return Optional.of("block_size " + blockSize() + " is not 1.." + MAX_BLOCK_SIZE);
        }
        if (hashInputSize() == 0) {
            return Optional.of("hash_input_size is 0");
        }
        if (nLsbits() == 0) {
            return Optional.of("n_lsbits is 0");
        }
        return Optional.empty();
    }

    public int postprocessCode() {
        return bytes[0] & 0xFF;
    }

    public Postprocess postprocess() {
        return Postprocess.ofCode(postprocessCode());
    }

    public float initialLevel() {
        return Le.f32(bytes, 1);
    }

    public int flags() {
        return bytes[5] & 0xFF;
    }

    public boolean has(int flag) {
        return (flags() & flag) != 0;
    }

    public int nLsbits() {
        return bytes[6] & 0xFF;
    }

    public int hashInputSize() {
        return bytes[7] & 0xFF;
    }

    public int blockSize() {
        return Le.u16(bytes, 8);
    }

    public int autocalibrationTarget() {
        return Le.u16(bytes, 10);
    }

    public byte[] encode() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceConfig c && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "DeviceConfig[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
