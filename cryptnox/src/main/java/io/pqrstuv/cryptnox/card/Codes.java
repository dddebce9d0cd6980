package io.pqrstuv.cryptnox.card;

import java.util.Arrays;

/**
 * PIN and PUK encodings. A PIN is 4 to 9 ASCII digits, sent zero-padded to exactly 9 bytes; a PUK is
 * exactly 12 printable ASCII characters. Inputs are {@code char[]} and the encoded arrays are the
 * caller's to wipe; nothing here makes a {@code String} of a code.
 */
public final class Codes {
    public static final int PIN_BYTES = 9;
    public static final int PUK_BYTES = 12;

    private Codes() {
    }

    /** Throws with a message that never contains the PIN. */
    public static void checkPin(char[] pin) {
        if (pin == null || pin.length < 4 || pin.length > 9) {
            throw new IllegalArgumentException("a PIN has 4 to 9 digits");
        }
        for (char c : pin) {
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("a PIN has digits only");
            }
        }
    }

    public static void checkPuk(char[] puk) {
        if (puk == null || puk.length != PUK_BYTES) {
            throw new IllegalArgumentException("a PUK has exactly 12 characters");
        }
        for (char c : puk) {
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("a PUK has printable ASCII characters only");
            }
        }
    }

    /** 9 bytes: the digits, then zeros. */
    public static byte[] pin(char[] pin) {
        checkPin(pin);
        byte[] out = new byte[PIN_BYTES];
        for (int i = 0; i < pin.length; i++) {
            out[i] = (byte) pin[i];
        }
        return out;
    }

    public static byte[] puk(char[] puk) {
        checkPuk(puk);
        byte[] out = new byte[PUK_BYTES];
        for (int i = 0; i < PUK_BYTES; i++) {
            out[i] = (byte) puk[i];
        }
        return out;
    }

    /** {@code a ‖ b ‖ …} in a new array; the parts are not wiped. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
