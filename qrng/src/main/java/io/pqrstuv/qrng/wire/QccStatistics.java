package io.pqrstuv.qrng.wire;

import io.pqrstuv.qrng.error.QccProtocolException;

/**
 * The 30-byte statistics, counted since the last reset (notes §1.3). The u64 and u32 counters are
 * unsigned: {@code generatedBytes} is an unsigned long (use {@link Long#toUnsignedString(long)}).
 *
 * @param generatedBytes              u64, unsigned
 * @param repetitionCountFailures     u32
 * @param adaptiveProportionFailures  u32
 * @param bitcountFailures            u32
 * @param speedBitsPerSecond          u32: generation speed in bit/s
 * @param sensifAverage               u16: current QOM output average
 * @param ledctrlLevel                f32: current light-source level (percent)
 */
public record QccStatistics(
        long generatedBytes,
        long repetitionCountFailures,
        long adaptiveProportionFailures,
        long bitcountFailures,
        long speedBitsPerSecond,
        int sensifAverage,
        float ledctrlLevel) {

    public QccStatistics {
        Le.requireU32("repetition_count_failures", repetitionCountFailures);
        Le.requireU32("adaptive_proportion_failures", adaptiveProportionFailures);
        Le.requireU32("bitcount_failures", bitcountFailures);
        Le.requireU32("speed", speedBitsPerSecond);
        Le.requireU16("sensif_average", sensifAverage);
    }

    public static QccStatistics decode(byte[] payload) throws QccProtocolException {
        if (payload.length != Codes.STATISTICS_LENGTH) {
            throw new QccProtocolException("statistics must be " + Codes.STATISTICS_LENGTH + " bytes, got " + payload.length);
        }
        return new QccStatistics(Le.u64(payload, 0), Le.u32(payload, 8), Le.u32(payload, 12), Le.u32(payload, 16),
                Le.u32(payload, 20), Le.u16(payload, 24), Float.intBitsToFloat((int) Le.u32(payload, 26)));
    }

    public byte[] encode() {
        byte[] b = new byte[Codes.STATISTICS_LENGTH];
        Le.put64(b, 0, generatedBytes);
        Le.put32(b, 8, repetitionCountFailures);
        Le.put32(b, 12, adaptiveProportionFailures);
        Le.put32(b, 16, bitcountFailures);
        Le.put32(b, 20, speedBitsPerSecond);
        Le.put16(b, 24, sensifAverage);
        Le.put32(b, 26, Float.floatToRawIntBits(ledctrlLevel) & 0xFFFF_FFFFL);
        return b;
    }
}
