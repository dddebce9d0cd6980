package io.pqrstuv.cryptnox.apdu;

import java.util.Arrays;

/**
 * An ISO 7816-4 command APDU. The encoding picks the short form unless the data needs the extended
 * one or {@code extended} asks for it (the card answers more than 256 bytes only to extended
 * commands). {@code le} is -1 when absent: the Cryptnox applet never needs one for commands with
 * data (T=1 returns the data anyway), and only the case-2 reads send one.
 */
public record CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int le, boolean extended) {
    public static final int MAX_SHORT_LC = 255;
    public static final int MAX_EXTENDED_LC = 65535;

    public CommandApdu {
        checkByte("CLA", cla);
        checkByte("INS", ins);
        checkByte("P1", p1);
        checkByte("P2", p2);
        data = data == null ? new byte[0] : data;
        if (data.length > MAX_EXTENDED_LC) {
            throw new IllegalArgumentException("APDU data of " + data.length + " bytes exceeds 65535");
        }
        if (le < -1 || le > 65536) {
            throw new IllegalArgumentException("Le out of range: " + le);
        }
    }

    /** Case 1 or 3, no Le. The array is not copied: the caller owns it (it may hold a PIN and be wiped). */
    public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data) {
        return new CommandApdu(cla, ins, p1, p2, data, -1, false);
    }

    /** Case 2, short: {@code CLA INS P1 P2 00}. */
    public static CommandApdu read(int cla, int ins, int p1, int p2) {
        return new CommandApdu(cla, ins, p1, p2, null, 256, false);
    }

    /** The same command in extended form. */
    public CommandApdu asExtended() {
        return new CommandApdu(cla, ins, p1, p2, data, le, true);
    }

    /** True when this command is encoded with 3-byte (extended) length fields. */
    public boolean encodesExtended() {
        return extended || data.length > MAX_SHORT_LC || le > 256;
    }

    public byte[] encode() {
        boolean ext = encodesExtended();
        int n = 4;
        if (data.length > 0) {
            n += (ext ? 3 : 1) + data.length;
        }
        if (le >= 0) {
            n += ext ? (data.length > 0 ? 2 : 3) : 1;
        }
        byte[] out = new byte[n];
        out[0] = (byte) cla;
        out[1] = (byte) ins;
        out[2] = (byte) p1;
        out[3] = (byte) p2;
        int o = 4;
        if (data.length > 0) {
            if (ext) {
                out[o++] = 0;
                out[o++] = (byte) (data.length >> 8);
                out[o++] = (byte) data.length;
            } else {
                out[o++] = (byte) data.length;
            }
            System.arraycopy(data, 0, out, o, data.length);
            o += data.length;
        }
        if (le >= 0) {
            if (ext) {
                if (data.length == 0) {
                    out[o++] = 0;
                }
                out[o++] = (byte) (le >> 8); // 65536 encodes as 00 00
                out[o] = (byte) le;
            } else {
                out[o] = (byte) le; // 256 encodes as 00
            }
        }
        return out;
    }

    /** The 4-byte header only (what logs may show: never the data, which may be a PIN). */
    @Override
    public String toString() {
        return String.format("%02X %02X %02X %02X (%d data bytes%s)", cla, ins, p1, p2, data.length,
                encodesExtended() ? ", extended" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandApdu c && c.cla == cla && c.ins == ins && c.p1 == p1 && c.p2 == p2
                && c.le == le && c.extended == extended && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return ((cla * 31 + ins) * 31 + p1) * 31 + p2;
    }

    private static void checkByte(String name, int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(name + " out of range: " + v);
        }
    }
}
