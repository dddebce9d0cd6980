package io.pqrstuv.ecp;

import java.util.Base64;
import java.util.Optional;

/**
 * Strict base64url without padding (D-28): only {@code [A-Za-z0-9_-]}, length mod 4 ≠ 1, and no
 * set bits in the unused trailing positions. The JDK decoder alone accepts padding and
 * non-canonical endings, so every decode is re-checked.
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes, or empty when {@code s} is not canonical unpadded base64url. */
    public static Optional<byte[]> decode(String s) {
        if (s == null || s.length() % 4 == 1) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return Optional.empty();
            }
        }
        byte[] out = DECODER.decode(s);
        if (!lastCharCanonical(s)) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /** Decodes and insists on an exact decoded length. */
    public static Optional<byte[]> decode(String s, int length) {
        return decode(s).filter(b -> b.length == length);
    }

    private static boolean lastCharCanonical(String s) {
        int rem = s.length() % 4;
        if (rem == 0) {
            return true;
        }
        int v = sextet(s.charAt(s.length() - 1));
        // 2 chars carry 12 bits for 1 byte: low 4 bits unused; 3 chars carry 18 bits for 2 bytes: low 2 unused.
        int unusedMask = rem == 2 ? 0x0F : 0x03;
        return (v & unusedMask) == 0;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }
}
