package io.pqrstuv.qrng.wire;

import io.pqrstuv.qrng.error.QccProtocolException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 72 bytes a QCicada device certificate signs (notes §1.8; layout from a third-party SDK, not
 * confirmed by the vendor): {@code u16 0}, {@code hw_major}, {@code hw_minor}, {@code u32 serial},
 * then the device public key X‖Y. The hardware version comes from {@code hw_info}
 * ({@code CICADA-QRNG-<major>.<minor>}) and the serial number is the decimal after {@code QC}.
 */
public final class DeviceCertificateBlob {
    public static final int LENGTH = 72;
    private static final Pattern HW = Pattern.compile("CICADA-QRNG-(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern SERIAL = Pattern.compile("QC(\\d{1,10})");

    private DeviceCertificateBlob() {
    }

    /** The blob for a device with {@code info} and public key X‖Y (64 bytes). */
    public static byte[] of(QccInfo info, byte[] publicKeyXy) throws QccProtocolException {
        if (publicKeyXy.length != Codes.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("device public key must be 64 bytes (X||Y), got " + publicKeyXy.length);
        }
        Matcher hw = HW.matcher(info.hardwareInfo());
        if (!hw.matches()) {
            throw new QccProtocolException("hw_info '" + info.hardwareInfo()
                    + "' is not CICADA-QRNG-<major>.<minor>: no certificate blob can be built");
        }
        int major = Integer.parseInt(hw.group(1));
        int minor = Integer.parseInt(hw.group(2));
        if (major > 255 || minor > 255) {
            throw new QccProtocolException("hw_info '" + info.hardwareInfo() + "': version parts must be 0..255");
        }
        Matcher sn = SERIAL.matcher(info.serial());
        if (!sn.matches()) {
            throw new QccProtocolException("serial '" + info.serial() + "' is not QC<digits>: no certificate blob can be built");
        }
        long serial = Long.parseLong(sn.group(1));
        if (serial > 0xFFFF_FFFFL) {
            throw new QccProtocolException("serial '" + info.serial() + "' does not fit in 32 bits");
        }
        byte[] b = new byte[LENGTH];
        b[2] = (byte) major;
        b[3] = (byte) minor;
        Le.put32(b, 4, serial);
        System.arraycopy(publicKeyXy, 0, b, 8, Codes.PUBLIC_KEY_LENGTH);
        return b;
    }
}
