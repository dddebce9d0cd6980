package io.pqrstuv.cryptnox.apdu;

import io.pqrstuv.cryptnox.error.CardProtocolException;
import java.util.Arrays;

/** A response APDU: data and the status word {@code SW1 SW2}. */
public record ResponseApdu(byte[] data, int sw) {
    public ResponseApdu {
        data = data == null ? new byte[0] : data;
        if (sw < 0 || sw > 0xFFFF) {
            throw new IllegalArgumentException("status word out of range: " + sw);
        }
    }

    /** Splits {@code data ‖ SW1 SW2}. */
    public static ResponseApdu parse(byte[] raw) throws CardProtocolException {
        if (raw == null || raw.length < 2) {
            throw new CardProtocolException("the card's reply has " + (raw == null ? 0 : raw.length)
                    + " bytes: too short for a status word");
        }
        int n = raw.length - 2;
        return new ResponseApdu(Arrays.copyOf(raw, n), ((raw[n] & 0xFF) << 8) | (raw[n + 1] & 0xFF));
    }

    public boolean ok() {
        return sw == 0x9000;
    }

    public byte[] encode() {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }

    @Override
    public String toString() {
        return String.format("%d bytes, SW %04X", data.length, sw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu r && r.sw == sw && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return sw * 31 + Arrays.hashCode(data);
    }
}
