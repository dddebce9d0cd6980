package io.pqrstuv.cryptnox.emulator.crypto;

import java.util.Arrays;
import java.util.Optional;

/** ISO/IEC 9797-1 padding method 2: append 80, then 00 up to a multiple of 16 (a whole block when aligned). */
public final class M2Padding {
    private M2Padding() {
    }

    public static byte[] pad(byte[] data) {
        int len = (data.length / Aes.BLOCK + 1) * Aes.BLOCK;
        byte[] out = Arrays.copyOf(data, len);
        out[data.length] = (byte) 0x80;
        return out;
    }

    /** The data without its padding, or empty when the padding is malformed. */
    public static Optional<byte[]> unpad(byte[] padded) {
        int i = padded.length - 1;
        while (i >= 0 && padded[i] == 0) {
            i--;
        }
        if (i < 0 || padded[i] != (byte) 0x80 || padded.length - i > Aes.BLOCK) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(padded, i));
    }
}
