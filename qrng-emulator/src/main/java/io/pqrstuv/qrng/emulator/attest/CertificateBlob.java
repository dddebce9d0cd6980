package io.pqrstuv.qrng.emulator.attest;

import io.pqrstuv.qrng.emulator.wire.Codes;
import io.pqrstuv.qrng.emulator.wire.DeviceInfo;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 72 bytes an OEM CA signs to certify a device key (notes §1.8, from the third-party SDK, not
 * confirmed on hardware): {@code u16 0 | hw_major | hw_minor | u32 LE serial | X‖Y}.
 */
public final class CertificateBlob {
    public static final int LENGTH = 72;
    private static final Pattern HW = Pattern.compile("CICADA-QRNG-(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern SERIAL = Pattern.compile("QC(\\d{1,10})");

    private CertificateBlob() {
    }

    public static byte[] of(DeviceInfo info, byte[] publicKeyXy) {
        if (publicKeyXy.length != Codes.PUBLIC_KEY_LEN) {
            throw new IllegalArgumentException("public key must be X‖Y, 64 bytes");
        }
        Matcher hw = HW.matcher(info.hwInfo());
        if (!hw.matches() || Integer.parseInt(hw.group(1)) > 255 || Integer.parseInt(hw.group(2)) > 255) {
            throw new IllegalArgumentException("hw_info '" + info.hwInfo() + "' is not CICADA-QRNG-<major>.<minor>");
        }
        Matcher sn = SERIAL.matcher(info.serial());
        long serial = sn.matches() ? Long.parseLong(sn.group(1)) : -1;
        if (serial < 0 || serial > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("serial '" + info.serial() + "' is not QC followed by a u32 number");
        }
        byte[] b = new byte[LENGTH];
        b[2] = (byte) Integer.parseInt(hw.group(1));
        b[3] = (byte) Integer.parseInt(hw.group(2));
        b[4] = (byte) serial;
        b[5] = (byte) (serial >>> 8);
        b[6] = (byte) (serial >>> 16);
        b[7] = (byte) (serial >>> 24);
        System.arraycopy(publicKeyXy, 0, b, 8, Codes.PUBLIC_KEY_LEN);
        return b;
    }
}
