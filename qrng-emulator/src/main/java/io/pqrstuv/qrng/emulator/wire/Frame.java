package io.pqrstuv.qrng.emulator.wire;

import java.util.HexFormat;

/**
 * One command as it came off the wire: its code and its fixed-length payload. {@code known} is false
 * for a code the device does not implement (its payload is then empty: the device cannot know how
 * long it would have been, so the following bytes are read as new commands).
 */
public record Frame(int code, byte[] payload, boolean known) {
    public Frame {
        payload = payload.clone();
    }

    public static Frame unknown(int code) {
        return new Frame(code, new byte[0], false);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload byte {@code i} as an unsigned value. */
    public int u8(int i) {
        return payload[i] & 0xFF;
    }

    /** Little-endian u16 at {@code i}. */
    public int u16(int i) {
        return (payload[i] & 0xFF) | (payload[i + 1] & 0xFF) << 8;
    }

    /** Little-endian u32 at {@code i}. */
    public long u32(int i) {
        return (u16(i) | (long) u16(i + 2) << 16) & 0xFFFF_FFFFL;
    }

    public int length() {
        return payload.length;
    }

    /** A copy of {@code n} payload bytes from {@code from}. */
    public byte[] slice(int from, int n) {
        byte[] out = new byte[n];
        System.arraycopy(payload, from, out, 0, n);
        return out;
    }

    @Override
    public String toString() {
        // payloads of certificate programming are public signatures, of the hash test caller data: the
        // length is enough in a log line.
        return String.format("Frame[0x%02X, %d payload bytes%s]", code, payload.length, known ? "" : ", unknown");
    }

    /** Hex of the first bytes, for diagnostics. */
    public String head() {
        return HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 16));
    }
}
