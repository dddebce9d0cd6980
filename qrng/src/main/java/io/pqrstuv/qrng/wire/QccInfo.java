package io.pqrstuv.qrng.wire;

import io.pqrstuv.qrng.error.QccProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * The 56-byte device information (notes §1.3). The two strings are 24-byte ASCII fields,
 * NUL-padded and not NUL-terminated when full; the text ends at the first NUL.
 *
 * @param coreVersion     u32 QRNG core version
 * @param firmwareVersion u32 firmware version ({@code sw_version} in pyqcc); {@code major<<16 | minor}
 * @param serial          serial number, e.g. {@code QC0000000217}
 * @param hardwareInfo    hardware information, e.g. {@code CICADA-QRNG-1.1}
 */
public record QccInfo(long coreVersion, long firmwareVersion, String serial, String hardwareInfo) {

    public QccInfo {
        Le.requireU32("core_version", coreVersion);
        Le.requireU32("fw_version", firmwareVersion);
        checkText("serial", serial);
        checkText("hw_info", hardwareInfo);
    }

    private static void checkText(String what, String s) {
        java.util.Objects.requireNonNull(s, what);
        if (s.length() > Codes.INFO_STRING_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + Codes.INFO_STRING_LENGTH + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(what + " must be printable ASCII");
            }
        }
    }

    public static QccInfo decode(byte[] payload) throws QccProtocolException {
        if (payload.length != Codes.INFO_LENGTH) {
            throw new QccProtocolException("info must be " + Codes.INFO_LENGTH + " bytes, got " + payload.length);
        }
        return new QccInfo(Le.u32(payload, 0), Le.u32(payload, 4), text("serial", payload, 8), text("hw_info", payload, 32));
    }

    private static String text(String what, byte[] b, int off) throws QccProtocolException {
        int end = off;
        while (end < off + Codes.INFO_STRING_LENGTH && b[end] != 0) {
            int c = b[end] & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                throw new QccProtocolException(String.format("info %s has a non-printable byte 0x%02X at offset %d",
                        what, c, end - off));
            }
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    public byte[] encode() {
        byte[] b = new byte[Codes.INFO_LENGTH];
        Le.put32(b, 0, coreVersion);
        Le.put32(b, 4, firmwareVersion);
        byte[] s = serial.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, 8, s.length);
        byte[] h = hardwareInfo.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, b, 32, h.length);
        return b;
    }

    /** {@code major.minor} of a version word read as {@code major<<16 | minor} (0x0005000E is 5.14). */
    public static String version(long word) {
        return (word >>> 16) + "." + (word & 0xFFFF);
    }

    public String coreVersionString() {
        return version(coreVersion);
    }

    public String firmwareVersionString() {
        return version(firmwareVersion);
    }

    /** True when the firmware is at least {@code major.minor}. */
    public boolean firmwareAtLeast(int major, int minor) {
        return firmwareVersion >= ((long) major << 16 | minor);
    }
}
