package io.pqrstuv.qrng.wire;

import java.util.Objects;

/**
 * Host-to-device frames: the command byte followed by its fixed-length payload (notes §1.2). Every
 * builder validates its arguments, so a frame that leaves this class has exactly the length the
 * device expects for its code; a short frame would make the device wait ~0.5 s and drop it.
 */
public final class Frames {
    /** START modes. */
    public static final int MODE_CONTINUOUS = 0;
    public static final int MODE_ONE_SHOT = 1;

    private Frames() {
    }

    /** A known command with its payload, which must have the command's fixed length. */
    public static byte[] of(Command command, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length != command.payloadLength()) {
            throw new IllegalArgumentException(command + " takes a " + command.payloadLength() + "-byte payload, got "
                    + payload.length);
        }
        return raw(command.code(), payload);
    }

    /** Any command byte with any payload (custom commands: up to {@link Codes#MAX_CUSTOM_PAYLOAD} bytes). */
    public static byte[] raw(int code, byte[] payload) {
        Le.requireU8("command code", code);
        Objects.requireNonNull(payload, "payload");
        if (payload.length > Codes.MAX_CUSTOM_PAYLOAD + 3) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is larger than any command takes");
        }
        byte[] f = new byte[1 + payload.length];
        f[0] = (byte) code;
        System.arraycopy(payload, 0, f, 1, payload.length);
        return f;
    }

    public static byte[] simple(Command command) {
        return of(command, new byte[0]);
    }

    /** {@code 04 01 nL nH}: one-shot of {@code length} bytes, 1..65,535. */
    public static byte[] oneShot(int length) {
        if (length < 1 || length > Codes.MAX_ONE_SHOT) {
            throw new IllegalArgumentException("one-shot length must be 1..65535, got " + length);
        }
        return start(MODE_ONE_SHOT, length);
    }

    /** {@code 04 00 00 00}: start continuous mode. */
    public static byte[] startContinuous() {
        return start(MODE_CONTINUOUS, 0);
    }

    private static byte[] start(int mode, int length) {
        byte[] p = new byte[3];
        p[0] = (byte) mode;
        Le.put16(p, 1, length);
        return of(Command.START, p);
    }

    public static byte[] setConfig(QccConfig config) {
        return of(Command.SET_CONFIG, config.encode());
    }

    /** {@code 22 len(u16) data[1024]}: always 1,026 payload bytes; the filler after {@code len} is zero here. */
    public static byte[] hashTestAccumulate(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (len > Codes.MAX_CHUNK) {
            throw new IllegalArgumentException("hash test chunk must be at most 1024 bytes, got " + len);
        }
        byte[] p = new byte[2 + Codes.MAX_CHUNK];
        Le.put16(p, 0, len);
        System.arraycopy(data, off, p, 2, len);
        return of(Command.HASH_TEST_ACCUMULATE, p);
    }

    /** {@code 40 size(u32)}. */
    public static byte[] updateInit(long imageSize) {
        Le.requireU32("image size", imageSize);
        byte[] p = new byte[4];
        Le.put32(p, 0, imageSize);
        return of(Command.UPDATE_INIT, p);
    }

    /**
     * {@code 41 len(u16) data[1024] checksum8}: always 1,027 payload bytes, data zero-padded, and the
     * checksum at the fixed payload offset 1026, not right after the data (notes §1.11).
     */
    public static byte[] updateChunk(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (len > Codes.MAX_CHUNK) {
            throw new IllegalArgumentException("update chunk must be at most 1024 bytes, got " + len);
        }
        byte[] p = new byte[2 + Codes.MAX_CHUNK + 1];
        Le.put16(p, 0, len);
        System.arraycopy(data, off, p, 2, len);
        p[2 + Codes.MAX_CHUNK] = (byte) Checksum8.of(data, off, len);
        return of(Command.UPDATE_CHUNK, p);
    }

    /** {@code 51 nL nH}: signed read of 1..65,535 bytes. */
    public static byte[] signedRead(int length) {
        if (length < 1 || length > Codes.MAX_ONE_SHOT) {
            throw new IllegalArgumentException("signed read length must be 1..65535, got " + length);
        }
        byte[] p = new byte[2];
        Le.put16(p, 0, length);
        return of(Command.SIGNED_READ, p);
    }

    /** {@code F8 A1 25}. */
    public static byte[] reboot() {
        return of(Command.REBOOT, Codes.CUSTOM_MAGIC.clone());
    }

    /**
     * The proposed certificate-programming frame (notes §1.10 [P]): {@code code A1 25 cert[64] program(u8)}.
     * The wire format is unpublished; the code is the caller's.
     */
    public static byte[] setDeviceCertificate(int code, byte[] certificate, boolean program) {
        if (certificate.length != Codes.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("certificate must be 64 bytes (r||s), got " + certificate.length);
        }
        byte[] p = new byte[2 + Codes.SIGNATURE_LENGTH + 1];
        System.arraycopy(Codes.CUSTOM_MAGIC, 0, p, 0, 2);
        System.arraycopy(certificate, 0, p, 2, Codes.SIGNATURE_LENGTH);
        p[p.length - 1] = (byte) (program ? 1 : 0);
        return raw(code, p);
    }
}
