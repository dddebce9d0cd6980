package io.pqrstuv.cryptnox.derivation;

import java.util.Arrays;

/**
 * A BIP32 path as the card takes it: where it starts and up to 8 child indexes (hardened ones carry
 * bit 31). Text forms: {@code m/44'/60'/0'/0/0} from the master key, {@code ../1} from the parent of
 * the current key, {@code ./0/1} from the current key; {@code h} or {@code H} may stand for
 * {@code '}. On the card the source sits in bits 7–6 of P1 (00 master, 01 parent, 10 current).
 */
public record DerivationPath(Source source, int[] indexes) {
    public static final int MAX_DEPTH = 8;
    public static final int HARDENED = 0x8000_0000;

    public enum Source {
        MASTER("m", 0x00), PARENT("..", 0x40), CURRENT(".", 0x80);

        private final String prefix;
        private final int p1Bits;

        Source(String prefix, int p1Bits) {
            this.prefix = prefix;
            this.p1Bits = p1Bits;
        }

        public int p1Bits() {
            return p1Bits;
        }
    }

    public static final DerivationPath MASTER = new DerivationPath(Source.MASTER, new int[0]);

    public DerivationPath {
        if (source == null) {
            throw new IllegalArgumentException("no path source");
        }
        indexes = indexes.clone();
        if (indexes.length > MAX_DEPTH) {
            throw new IllegalArgumentException("a path has at most " + MAX_DEPTH + " levels on the card, not " + indexes.length);
        }
    }

    @Override
    public int[] indexes() {
        return indexes.clone();
    }

    public int depth() {
        return indexes.length;
    }

    /** Parses the text forms above; every error names the offending part. */
    public static DerivationPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty derivation path: write m/… (from the master key), ./… or ../…");
        }
        String t = text.strip();
        String[] parts = t.split("/", -1);
        Source source = switch (parts[0]) {
            case "m", "M" -> Source.MASTER;
            case ".." -> Source.PARENT;
            case "." -> Source.CURRENT;
            default -> throw new IllegalArgumentException("derivation path '" + t + "' must start with m/ (master key), "
                    + "./ (current key) or ../ (its parent)");
        };
        int[] idx = new int[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            idx[i - 1] = parseIndex(parts[i], t);
        }
        if (idx.length > MAX_DEPTH) {
            throw new IllegalArgumentException("derivation path '" + t + "' has " + idx.length + " levels; the card allows "
                    + MAX_DEPTH);
        }
        return new DerivationPath(source, idx);
    }

    private static int parseIndex(String p, String whole) {
        boolean hardened = p.endsWith("'") || p.endsWith("h") || p.endsWith("H");
        String digits = hardened ? p.substring(0, p.length() - 1) : p;
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw new IllegalArgumentException("bad level '" + p + "' in derivation path '" + whole
                    + "': a decimal index, optionally followed by '");
        }
        long v = Long.parseLong(digits);
        if (v >= (1L << 31)) {
            throw new IllegalArgumentException("index " + digits + " in derivation path '" + whole
                    + "' is too large (at most 2147483647; mark hardened levels with ')");
        }
        return hardened ? (int) v | HARDENED : (int) v;
    }

    /** The path from the 4-byte big-endian indexes the card sends (GET PUBKEY P2=00). */
    public static DerivationPath fromBytes(Source source, byte[] b) {
        if (b.length % 4 != 0) {
            throw new IllegalArgumentException("a path is a multiple of 4 bytes, not " + b.length);
        }
        int[] idx = new int[b.length / 4];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = ((b[4 * i] & 0xFF) << 24) | ((b[4 * i + 1] & 0xFF) << 16) | ((b[4 * i + 2] & 0xFF) << 8) | (b[4 * i + 3] & 0xFF);
        }
        return new DerivationPath(source, idx);
    }

    /** The indexes as the card takes them: 4 bytes big-endian each. */
    public byte[] toBytes() {
        byte[] out = new byte[indexes.length * 4];
        for (int i = 0; i < indexes.length; i++) {
            out[4 * i] = (byte) (indexes[i] >>> 24);
            out[4 * i + 1] = (byte) (indexes[i] >>> 16);
            out[4 * i + 2] = (byte) (indexes[i] >>> 8);
            out[4 * i + 3] = (byte) indexes[i];
        }
        return out;
    }

    /** The path with one more level. */
    public DerivationPath child(int index) {
        int[] idx = Arrays.copyOf(indexes, indexes.length + 1);
        idx[indexes.length] = index;
        return new DerivationPath(source, idx);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source.prefix);
        for (int i : indexes) {
            sb.append('/').append(i & 0x7FFF_FFFF);
            if ((i & HARDENED) != 0) {
                sb.append('\'');
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DerivationPath p && p.source == source && Arrays.equals(p.indexes, indexes);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + Arrays.hashCode(indexes);
    }
}
