package io.pqrstuv.cryptnox.channel;

import java.util.Arrays;

/** ISO/IEC 9797-1 padding method 2: {@code 80} then zeros to a multiple of 16 (always at least one byte). */
final class Padding {
    static final int BLOCK = 16;

    private Padding() {
    }

    static byte[] pad(byte[] data) {
        int n = (data.length / BLOCK + 1) * BLOCK;
        byte[] out = Arrays.copyOf(data, n);
        out[data.length] = (byte) 0x80;
        return out;
    }

    /** Length of the unpadded data, or -1 when the padding is malformed. */
    static int unpaddedLength(byte[] padded) {
        if (padded.length == 0 || padded.length % BLOCK != 0) {
            return -1;
        }
        int i = padded.length - 1;
        // at most one block of padding
        int stop = padded.length - BLOCK;
        while (i >= stop && padded[i] == 0) {
            i--;
        }
        return i >= stop && padded[i] == (byte) 0x80 ? i : -1;
    }
}
