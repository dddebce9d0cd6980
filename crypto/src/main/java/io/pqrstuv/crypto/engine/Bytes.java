package io.pqrstuv.crypto.engine;

import java.math.BigInteger;
import java.util.Arrays;

/** Big-endian conversions of COSE integers (notes §3.4: unsigned, no leading zeros for RSA). */
final class Bytes {
    private Bytes() {
    }

    /** Unsigned big-endian in exactly {@code length} bytes. */
    static byte[] fixed(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        try {
            if (raw.length == length) {
                return raw.clone();
            }
            if (raw.length == length + 1 && raw[0] == 0) {
                return Arrays.copyOfRange(raw, 1, raw.length);
            }
            if (raw.length < length) {
                byte[] out = new byte[length];
                System.arraycopy(raw, 0, out, length - raw.length, raw.length);
                return out;
            }
            throw new IllegalArgumentException("integer does not fit in " + length + " bytes");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Unsigned big-endian without leading zero bytes. */
    static byte[] minimal(BigInteger v) {
        return fixed(v, (v.bitLength() + 7) / 8);
    }

    static BigInteger unsigned(byte[] b) {
        return new BigInteger(1, b);
    }

    static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
