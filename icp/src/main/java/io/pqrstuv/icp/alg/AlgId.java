package io.pqrstuv.icp.alg;

/** The 3-byte operation-data form of a COSE algorithm id: 24-bit two's complement, big-endian (D-12). */
public final class AlgId {
    public static final int LENGTH = 3;
    public static final int MIN = -(1 << 23);
    public static final int MAX = (1 << 23) - 1;

    private AlgId() {
    }

    public static boolean inRange(long id) {
        return id >= MIN && id <= MAX;
    }

    public static byte[] encode(int id) {
        if (!inRange(id)) {
            throw new IllegalArgumentException("COSE id " + id + " does not fit in 3 bytes");
        }
        return new byte[] {(byte) (id >> 16), (byte) (id >> 8), (byte) id};
    }

    public static int decode(byte[] b) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("an algorithm id is 3 bytes");
        }
        return decode(b, 0);
    }

    public static int decode(byte[] b, int off) {
        return ((b[off] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF)) << 8 >> 8;
    }
}
