package io.pqrstuv.qrng.emulator.wire;

/**
 * The 5-byte status that follows every ACK (notes §1.3): a flag byte, LSB first, and the number of
 * bytes ready to send at once.
 */
public record Status(int flags, long readyBytes) {
    public static final int LENGTH = 5;
    public static final int INITIALIZED = 1;
    public static final int STARTUP_TEST_IN_PROGRESS = 1 << 1;
    public static final int VOLTAGE_LOW = 1 << 2;
    public static final int VOLTAGE_HIGH = 1 << 3;
    public static final int VOLTAGE_UNDEFINED = 1 << 4;
    public static final int BITCOUNT = 1 << 5;
    public static final int REPETITION_COUNT = 1 << 6;
    public static final int ADAPTIVE_PROPORTION = 1 << 7;

    public Status {
        if ((flags & ~0xFF) != 0) {
            throw new IllegalArgumentException("status flags are one byte");
        }
        if (readyBytes < 0 || readyBytes > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ready_bytes is a u32");
        }
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) flags;
        Le.u32(b, 1, readyBytes);
        return b;
    }

    public static Status decode(byte[] b, int at) {
        return new Status(b[at] & 0xFF, Le.u32(b, at + 1));
    }

    /** ACK followed by this status, as the single write the device makes. */
    public byte[] ack() {
        byte[] b = new byte[1 + LENGTH];
        b[0] = (byte) Codes.ACK;
        System.arraycopy(encode(), 0, b, 1, LENGTH);
        return b;
    }
}
