package io.pqrstuv.icp.frame;

import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * ICP frame layout: {@code preamble(16) ‖ length(4, BE) ‖ payload ‖ CRC-32(length ‖ payload)(4, BE) ‖ trailer(16)}.
 * CRC-32 is the zlib/ISO-HDLC variant (D-2); the length counts payload bytes only (D-3).
 */
public final class Frames {
    static final byte[] PREAMBLE = {
        0x00, 0x00, 0x00, 0x00, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x00, 0x00, 0x00, 0x00, 0x00
    };
    static final byte[] TRAILER = {
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x43, 0x52, 0x59, 0x50,
        0x54, 0x41, 0x4E, 0x45, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF
    };
    public static final int MARKER_LENGTH = 16;
    public static final int LENGTH_FIELD = 4;
    public static final int CRC_FIELD = 4;
    /** Bytes a frame adds around its payload. */
    public static final int OVERHEAD = MARKER_LENGTH + LENGTH_FIELD + CRC_FIELD + MARKER_LENGTH;
    public static final int MAX_FRAME = 50_000;
    public static final int MAX_PAYLOAD = MAX_FRAME - OVERHEAD;

    private Frames() {
    }

    public static byte[] preamble() {
        return PREAMBLE.clone();
    }

    public static byte[] trailer() {
        return TRAILER.clone();
    }

    /** Encodes one frame around {@code payload}. */
    public static byte[] encode(byte[] payload) {
        return encode(payload, 0, payload.length);
    }

    public static byte[] encode(byte[] payload, int off, int len) {
        Objects.checkFromIndexSize(off, len, payload.length);
        if (len > MAX_PAYLOAD) {
            throw new IllegalArgumentException("ICP payload of " + len + " bytes exceeds " + MAX_PAYLOAD);
        }
        byte[] frame = new byte[len + OVERHEAD];
        System.arraycopy(PREAMBLE, 0, frame, 0, MARKER_LENGTH);
        putInt(frame, MARKER_LENGTH, len);
        System.arraycopy(payload, off, frame, MARKER_LENGTH + LENGTH_FIELD, len);
        int crcAt = MARKER_LENGTH + LENGTH_FIELD + len;
        putInt(frame, crcAt, crc(frame, MARKER_LENGTH, LENGTH_FIELD + len));
        System.arraycopy(TRAILER, 0, frame, crcAt + CRC_FIELD, MARKER_LENGTH);
        return frame;
    }

    /** CRC-32/ISO-HDLC over {@code b[off, off+len)}. */
    public static int crc(byte[] b, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    /**
     * Decodes exactly one complete frame (no leading or trailing bytes).
     *
     * @throws FrameException naming the first rule the bytes break
     */
    public static byte[] decode(byte[] frame) throws FrameException {
        if (frame.length < OVERHEAD) {
            throw new FrameException(FrameException.Reason.TRUNCATED, "frame of " + frame.length + " bytes is shorter than " + OVERHEAD);
        }
        if (!Arrays.equals(frame, 0, MARKER_LENGTH, PREAMBLE, 0, MARKER_LENGTH)) {
            throw new FrameException(FrameException.Reason.BAD_PREAMBLE, "preamble mismatch");
        }
        long len = getInt(frame, MARKER_LENGTH) & 0xFFFFFFFFL;
        if (len > MAX_PAYLOAD) {
            throw new FrameException(FrameException.Reason.OVERSIZE, "payload length " + len + " exceeds " + MAX_PAYLOAD);
        }
        if (frame.length != len + OVERHEAD) {
            throw new FrameException(FrameException.Reason.TRUNCATED, "length field says " + len + " but frame holds " + (frame.length - OVERHEAD));
        }
        int crcAt = MARKER_LENGTH + LENGTH_FIELD + (int) len;
        if (!Arrays.equals(frame, crcAt + CRC_FIELD, frame.length, TRAILER, 0, MARKER_LENGTH)) {
            throw new FrameException(FrameException.Reason.BAD_TRAILER, "trailer mismatch");
        }
        if (getInt(frame, crcAt) != crc(frame, MARKER_LENGTH, LENGTH_FIELD + (int) len)) {
            throw new FrameException(FrameException.Reason.BAD_CRC, "CRC-32 mismatch");
        }
        return Arrays.copyOfRange(frame, MARKER_LENGTH + LENGTH_FIELD, crcAt);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }
}
