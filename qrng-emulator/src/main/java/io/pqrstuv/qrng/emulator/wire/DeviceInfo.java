package io.pqrstuv.qrng.emulator.wire;

import java.nio.charset.StandardCharsets;

/**
 * GET_INFO's 56 bytes (notes §1.3): two u32 versions, then serial and hardware strings of 24 ASCII
 * bytes each, NUL-padded and not NUL-terminated at full length.
 */
public record DeviceInfo(long coreVersion, long firmwareVersion, String serial, String hwInfo) {
    public static final int LENGTH = 56;

    public DeviceInfo {
        checkString("serial", serial);
        checkString("hw_info", hwInfo);
        if (coreVersion < 0 || coreVersion > 0xFFFF_FFFFL || firmwareVersion < 0 || firmwareVersion > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("versions are u32");
        }
    }

    private static void checkString(String what, String s) {
        if (s.isEmpty() || s.length() > Codes.INFO_STR_LEN || !StandardCharsets.US_ASCII.newEncoder().canEncode(s)
                || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must be 1.." + Codes.INFO_STR_LEN + " ASCII characters, no NUL");
        }
    }

    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        Le.u32(b, 0, coreVersion);
        Le.u32(b, 4, firmwareVersion);
        byte[] s = serial.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, 8, s.length);
        byte[] h = hwInfo.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, b, 8 + Codes.INFO_STR_LEN, h.length);
        return b;
    }

    /** "major.minor" of a version read as major&lt;&lt;16 | minor. */
    public static String version(long v) {
        return (v >>> 16) + "." + (v & 0xFFFF);
    }
}
