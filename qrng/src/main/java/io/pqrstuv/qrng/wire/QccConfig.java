package io.pqrstuv.qrng.wire;

import io.pqrstuv.qrng.error.QccProtocolException;

/**
 * The 12-byte "full mode" configuration (notes §1.3). The device stores it whole and returns it
 * byte-identical, so this record keeps everything it decodes, including the two unused flag bits
 * and the exact float bits, and {@link #encode()} reproduces the input exactly. Change fields with
 * the {@code with…} methods (read-modify-write, as every client does).
 *
 * @param postprocess           byte 0
 * @param initialLevel          bytes 1–4, f32 LE: initial LED control level (0–100 in the vendor's help)
 * @param startupTest           flags b0: run the health tests at startup
 * @param autoCalibration       flags b1: auto-calibrate the light source
 * @param repetitionCount       flags b2: enable the repetition count test
 * @param adaptiveProportion    flags b3: enable the adaptive proportion test
 * @param bitCount              flags b4: enable the bit-count test
 * @param generateOnError       flags b5: keep generating when a health test fails
 * @param unusedFlagBits        flags b6–b7 as read (0..3), kept for the byte-exact round trip
 * @param nLsbits               byte 6: LSBs taken from each sample
 * @param hashInputSize         byte 7: bytes hashed per SHA-256 output
 * @param blockSize             bytes 8–9, u16: output block size (448 on a real QCicada)
 * @param autocalibrationTarget bytes 10–11, u16
 */
public record QccConfig(
        Postprocess postprocess,
        float initialLevel,
        boolean startupTest,
        boolean autoCalibration,
        boolean repetitionCount,
        boolean adaptiveProportion,
        boolean bitCount,
        boolean generateOnError,
        int unusedFlagBits,
        int nLsbits,
        int hashInputSize,
        int blockSize,
        int autocalibrationTarget) {

    public QccConfig {
        java.util.Objects.requireNonNull(postprocess, "postprocess");
        if (unusedFlagBits < 0 || unusedFlagBits > 3) {
            throw new IllegalArgumentException("unused flag bits must be 0..3, got " + unusedFlagBits);
        }
        Le.requireU8("n_lsbits", nLsbits);
        Le.requireU8("hash_input_size", hashInputSize);
        Le.requireU16("block_size", blockSize);
        Le.requireU16("autocalibration_target", autocalibrationTarget);
    }

    /**
     * The configuration a real QCicada reports out of the box as far as public sources tell
     * (notes §4): SHA256, level 0.5, startup/autocal/RCT/APT on, bit count and generate-on-error off,
     * 4 LSBs, 64-byte hash input, 448-byte blocks, target 2048.
     */
    public static QccConfig typical() {
        return new QccConfig(Postprocess.SHA256, 0.5f, true, true, true, true, false, false, 0, 4, 64, 448, 2048);
    }

    public static QccConfig decode(byte[] payload) throws QccProtocolException {
        if (payload.length != Codes.CONFIG_LENGTH) {
            throw new QccProtocolException("config must be " + Codes.CONFIG_LENGTH + " bytes, got " + payload.length);
        }
        int flags = payload[5] & 0xFF;
        return new QccConfig(
                Postprocess.ofCode(payload[0] & 0xFF),
                Float.intBitsToFloat((int) Le.u32(payload, 1)),
                (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, (flags & 16) != 0, (flags & 32) != 0,
                flags >>> 6,
                payload[6] & 0xFF,
                payload[7] & 0xFF,
                Le.u16(payload, 8),
                Le.u16(payload, 10));
    }

    public byte[] encode() {
        byte[] b = new byte[Codes.CONFIG_LENGTH];
        b[0] = (byte) postprocess.code();
        Le.put32(b, 1, Float.floatToRawIntBits(initialLevel) & 0xFFFF_FFFFL);
        b[5] = flags();
        b[6] = (byte) nLsbits;
        b[7] = (byte) hashInputSize;
        Le.put16(b, 8, blockSize);
        Le.put16(b, 10, autocalibrationTarget);
        return b;
    }

    public byte flags() {
        return (byte) ((startupTest ? 1 : 0) | (autoCalibration ? 2 : 0) | (repetitionCount ? 4 : 0)
                | (adaptiveProportion ? 8 : 0) | (bitCount ? 16 : 0) | (generateOnError ? 32 : 0) | unusedFlagBits << 6);
    }

    public QccConfig withPostprocess(Postprocess v) {
        return new QccConfig(v, initialLevel, startupTest, autoCalibration, repetitionCount, adaptiveProportion, bitCount,
                generateOnError, unusedFlagBits, nLsbits, hashInputSize, blockSize, autocalibrationTarget);
    }

    public QccConfig withInitialLevel(float v) {
        return new QccConfig(postprocess, v, startupTest, autoCalibration, repetitionCount, adaptiveProportion, bitCount,
                generateOnError, unusedFlagBits, nLsbits, hashInputSize, blockSize, autocalibrationTarget);
    }

    public QccConfig withStartupTest(boolean v) {
        return new QccConfig(postprocess, initialLevel, v, autoCalibration, repetitionCount, adaptiveProportion, bitCount,
                generateOnError, unusedFlagBits, nLsbits, hashInputSize, blockSize, autocalibrationTarget);
    }

    public QccConfig withAutoCalibration(boolean v) {
        return new QccConfig(postprocess, initialLevel, startupTest, v, repetitionCount, adaptiveProportion, bitCount,
                generateOnError, unusedFlagBits, nLsbits, hashInputSize, blockSize, autocalibrationTarget);
    }

    public QccConfig withRepetitionCount(boolean v) {
        return new QccConfig(postprocess, initialLevel, startupTest, autoCalibration, v, adaptiveProportion, bitCount,
                generateOnError, unusedFlagBits, nLsbits, hashInputSize, blockSize, autocalibrationTarget);
    }

    public QccConfig withAdaptiveProportion(boolean v) {
        return new QccConfig(postprocess, initialLevel, startupTest, autoCalibration, repetitionCount, v, bitCount,
                generateOnError, unusedFlagBits, nLsbits, hashInputSize, blockSize, autocalibrationTarget);
    }

    public QccConfig withBitCount(boolean v) {
        return new QccConfig(postprocess, initialLevel, startupTest, autoCalibration, repetitionCount, adaptiveProportion, v,
                generateOnError, unusedFlagBits, nLsbits, hashInputSize, blockSize, autocalibrationTarget);
    }

    public QccConfig withGenerateOnError(boolean v) {
        return new QccConfig(postprocess, initialLevel, startupTest, autoCalibration, repetitionCount, adaptiveProportion,
                bitCount, v, unusedFlagBits, nLsbits, hashInputSize, blockSize, autocalibrationTarget);
    }

    public QccConfig withNLsbits(int v) {
        return new QccConfig(postprocess, initialLevel, startupTest, autoCalibration, repetitionCount, adaptiveProportion,
                bitCount, generateOnError, unusedFlagBits, v, hashInputSize, blockSize, autocalibrationTarget);
    }

    public QccConfig withHashInputSize(int v) {
        return new QccConfig(postprocess, initialLevel, startupTest, autoCalibration, repetitionCount, adaptiveProportion,
                bitCount, generateOnError, unusedFlagBits, nLsbits, v, blockSize, autocalibrationTarget);
    }

    public QccConfig withBlockSize(int v) {
        return new QccConfig(postprocess, initialLevel, startupTest, autoCalibration, repetitionCount, adaptiveProportion,
                bitCount, generateOnError, unusedFlagBits, nLsbits, hashInputSize, v, autocalibrationTarget);
    }

    public QccConfig withAutocalibrationTarget(int v) {
        return new QccConfig(postprocess, initialLevel, startupTest, autoCalibration, repetitionCount, adaptiveProportion,
                bitCount, generateOnError, unusedFlagBits, nLsbits, hashInputSize, blockSize, v);
    }
}
