package io.pqrstuv.qrng.emulator.wire;

/** GET_STATISTICS' 30 bytes (notes §1.3), counted since the last reset. */
public record DeviceStatistics(long generatedBytes, long repetitionCountFailures, long adaptiveProportionFailures,
                               long bitcountFailures, long speedBitsPerSecond, int sensifAverage, float ledctrlLevel) {
    public static final int LENGTH = 30;

    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        Le.u64(b, 0, generatedBytes);
        Le.u32(b, 8, sat32(repetitionCountFailures));
        Le.u32(b, 12, sat32(adaptiveProportionFailures));
        Le.u32(b, 16, sat32(bitcountFailures));
        Le.u32(b, 20, sat32(speedBitsPerSecond));
        Le.u16(b, 24, sensifAverage & 0xFFFF);
        Le.f32(b, 26, ledctrlLevel);
        return b;
    }

    private static long sat32(long v) {
        return Math.max(0, Math.min(v, 0xFFFF_FFFFL));
    }
}
