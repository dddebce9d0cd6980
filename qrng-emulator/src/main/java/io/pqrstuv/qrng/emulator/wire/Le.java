package io.pqrstuv.qrng.emulator.wire;

/** Little-endian writes into packed structures (notes §1.1: every integer is little-endian). */
final class Le {
    private Le() {
    }

    static void u16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void u32(byte[] b, int at, long v) {
        u16(b, at, (int) v & 0xFFFF);
        u16(b, at + 2, (int) (v >>> 16) & 0xFFFF);
    }

    static void u64(byte[] b, int at, long v) {
        u32(b, at, v & 0xFFFF_FFFFL);
        u32(b, at + 4, v >>> 32);
    }

    static void f32(byte[] b, int at, float f) {
        u32(b, at, Float.floatToRawIntBits(f) & 0xFFFF_FFFFL);
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFF_FFFFL;
    }

    static float f32(byte[] b, int at) {
        return Float.intBitsToFloat((int) u32(b, at));
    }
}
