package io.pqrstuv.testkit.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every occurrence of a set of {@link Needle}s in byte ranges. A bit set of the needles'
 * first three bytes lets almost every position be rejected with one lookup, so hundreds of
 * megabytes of dump or process memory scan in about a second.
 */
final class NeedleMatcher {
    private final long[] firstThree = new long[1 << 18]; // 2^24 bits
    private final Map<Integer, List<Needle>> byPrefix = new HashMap<>();
    private final int longest;

    NeedleMatcher(List<Needle> needles) {
        int max = 0;
        for (Needle n : needles) {
            byte[] p = n.bytes();
            int key = prefix(p, 0);
            firstThree[key >>> 6] |= 1L << (key & 63);
            byPrefix.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
            max = Math.max(max, p.length);
        }
        longest = max;
    }

    int longest() {
        return longest;
    }

    private static int prefix(byte[] b, int i) {
        return (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF);
    }

    /** A needle found at {@code offset} of the scanned range. */
    record Match(Needle needle, int offset) {
    }

    /**
     * The matches that start in {@code [from, startLimit)} of {@code data} and end by {@code to}.
     * {@code startLimit} lets a caller scanning in overlapping chunks count each match once.
     */
    List<Match> find(byte[] data, int from, int startLimit, int to) {
        List<Match> out = null;
        int last = Math.min(startLimit, to - 2);
        for (int i = from; i < last; i++) {
            int key = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
            if ((firstThree[key >>> 6] & (1L << (key & 63))) == 0) {
                continue;
            }
            for (Needle n : byPrefix.get(key)) {
                byte[] p = n.bytes();
                if (i + p.length <= to && java.util.Arrays.equals(data, i, i + p.length, p, 0, p.length)) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    out.add(new Match(n, i));
                }
            }
        }
        return out == null ? List.of() : out;
    }

    List<Match> find(byte[] data, int from, int to) {
        return find(data, from, to, to);
    }
}
