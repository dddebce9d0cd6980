package io.pqrstuv.cryptnox.emulator.apdu;

/** Builds response APDUs: data ‖ SW1 SW2. */
public final class Responses {
    private Responses() {
    }

    public static byte[] of(byte[] data, int sw) {
        byte[] r = new byte[data.length + 2];
        System.arraycopy(data, 0, r, 0, data.length);
        r[data.length] = (byte) (sw >> 8);
        r[data.length + 1] = (byte) sw;
        return r;
    }

    public static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    /** The status word at the end of a response. */
    public static int swOf(byte[] response) {
        return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
    }
}
