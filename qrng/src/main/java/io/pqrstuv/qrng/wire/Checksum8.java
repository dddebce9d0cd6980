package io.pqrstuv.qrng.wire;

/**
 * The firmware chunk checksum (notes §1.11): the one's complement of the 8-bit sum of the real data
 * bytes (not the padding). Empty → {@code FF}; {@code 01} → {@code FE}; {@code 80 7F} → {@code 00}.
 */
public final class Checksum8 {
    private Checksum8() {
    }

    public static int of(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        int sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += data[i] & 0xFF;
        }
        return ~sum & 0xFF;
    }

    public static int of(byte[] data) {
        return of(data, 0, data.length);
    }
}
