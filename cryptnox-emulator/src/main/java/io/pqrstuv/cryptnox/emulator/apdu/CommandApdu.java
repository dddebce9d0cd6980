package io.pqrstuv.cryptnox.emulator.apdu;

import java.util.Arrays;

/**
 * A parsed ISO 7816-4 command APDU, short or extended (notes §1.3). The data field is a copy; the
 * caller wipes it when it held a secret.
 *
 * @param extended whether Lc (or Le) was in the 3-byte extended form; the secure channel's MAC
 *                 header block depends on it
 * @param le       expected length, or -1 when absent (never relied on: T=1 returns the data anyway)
 */
public record CommandApdu(int cla, int ins, int p1, int p2, byte[] data, boolean extended, int le) {

    /**
     * Parses the bytes of a command. Rules of notes §1.3: 4 bytes → no data; 5 bytes → Le only;
     * byte 4 = 00 with at least 7 bytes → extended Lc in bytes 5–6; otherwise byte 4 is Lc.
     *
     * @throws SwException {@code 6700} when the lengths are inconsistent
     */
    public static CommandApdu parse(byte[] apdu) {
        int n = apdu.length;
        if (n < 4) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        if (n == 4) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], false, -1);
        }
        int b4 = apdu[4] & 0xFF;
        if (n == 5) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], false, b4 == 0 ? 256 : b4);
        }
        if (b4 == 0 && n >= 7) {
            int lc = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
            if (n == 7) {
                // case 2 extended: bytes 5–6 are Le
                return new CommandApdu(cla, ins, p1, p2, new byte[0], true, lc == 0 ? 65536 : lc);
            }
            if (lc == 0) {
                throw new SwException(Sw.WRONG_LENGTH);
            }
            if (n == 7 + lc) {
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, n), true, -1);
            }
            if (n == 9 + lc) {
                int le = ((apdu[n - 2] & 0xFF) << 8) | (apdu[n - 1] & 0xFF);
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + lc), true,
                        le == 0 ? 65536 : le);
            }
            throw new SwException(Sw.WRONG_LENGTH);
        }
        if (b4 == 0) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        if (n == 5 + b4) {
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, n), false, -1);
        }
        if (n == 6 + b4) {
            int le = apdu[n - 1] & 0xFF;
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + b4), false, le == 0 ? 256 : le);
        }
        throw new SwException(Sw.WRONG_LENGTH);
    }

    /** The 4 header bytes CLA INS P1 P2. */
    public byte[] header() {
        return new byte[] {(byte) cla, (byte) ins, (byte) p1, (byte) p2};
    }

    /** Overwrites the data field (after a secret such as a PIN went through it). */
    public void wipe() {
        Arrays.fill(data, (byte) 0);
    }

    @Override
    public String toString() {
        // never the data: it may hold a PIN or a seed
        return String.format("CommandApdu[%02X %02X %02X %02X, %d data bytes%s]", cla, ins, p1, p2, data.length,
                extended ? ", extended" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandApdu c && c.cla == cla && c.ins == ins && c.p1 == p1 && c.p2 == p2
                && Arrays.equals(c.data, data) && c.extended == extended && c.le == le;
    }

    @Override
    public int hashCode() {
        return ((cla * 31 + ins) * 31 + p1) * 31 + p2;
    }
}
