package io.pqrstuv.qrng.emulator.wire;

/** Config byte 0 (notes §1.3): what the device sends. */
public enum Postprocess {
    /** NIST-approved conditioning: SHA-256 over hash_input_size bytes of noise per 32 output bytes. */
    SHA256,
    /** Noise after the "senscap" stage, unconditioned. */
    RAW_NOISE,
    /** Full raw samples from "sensif" (u16 little-endian each). */
    RAW_SAMPLES;

    public static Postprocess ofCode(int code) {
        return switch (code) {
            case 0 -> SHA256;
            case 1 -> RAW_NOISE;
            case 2 -> RAW_SAMPLES;
            default -> throw new IllegalArgumentException("postprocess " + code + " is not 0, 1 or 2");
        };
    }

    public int code() {
        return ordinal();
    }
}
