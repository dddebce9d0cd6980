package io.pqrstuv.icp;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/** Key identifiers: 16 random bytes, ordered as unsigned bytes (D-20). */
public final class KeyIds {
    public static final int LENGTH = 16;

    /** KEY_LST order: unsigned lexicographic over the raw bytes, never signed. */
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private KeyIds() {
    }

    public static byte[] check(byte[] id) {
        if (id == null || id.length != LENGTH) {
            throw new IllegalArgumentException("a key identifier is 16 bytes");
        }
        return id;
    }

    public static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
