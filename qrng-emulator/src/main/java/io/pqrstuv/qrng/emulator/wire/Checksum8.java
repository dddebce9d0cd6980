package io.pqrstuv.qrng.emulator.wire;

/** The firmware chunk checksum (notes §1.11): one's complement of the 8-bit sum of the data bytes. */
public final class Checksum8 {
    private Checksum8() {
    }

    public static int of(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += b[i] & 0xFF;
        }
        return ~sum & 0xFF;
    }
}
