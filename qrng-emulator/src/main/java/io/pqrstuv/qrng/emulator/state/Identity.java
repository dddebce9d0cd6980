package io.pqrstuv.qrng.emulator.state;

import io.pqrstuv.qrng.emulator.wire.DeviceInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Who the emulated device is: the GET_INFO fields, made once for a fresh state directory (a new
 * device off the production line) and kept in {@code device.properties}.
 */
public final class Identity {
    public static final String FILE = "device.properties";
    /** Values of a real QCicada (notes §1.3 [S]). */
    public static final long CORE_VERSION = 0x0001000CL;
    public static final long FIRMWARE_VERSION = 0x0005000EL;
    public static final String HW_INFO = "CICADA-QRNG-1.1";
    private static final Pattern SERIAL = Pattern.compile("QC[0-9]{1,10}");

    private Identity() {
    }

    /** A new serial {@code QC} + 10 digits, below 2^32 so that the certificate's u32 holds it (notes §1.8). */
    public static String newSerial(SecureRandom random) {
        long n = 1 + (random.nextLong() >>> 1) % 0xFFFF_FFFEL;
        return String.format("QC%010d", n);
    }

    /** Loads the identity, or creates and stores it when the directory is fresh. */
    public static DeviceInfo loadOrCreate(StateStore store, String serialIfNew, Long firmwareIfNew) {
        var bytes = store.read(FILE);
        if (bytes.isPresent()) {
            return parse(new String(bytes.get(), StandardCharsets.UTF_8), store.path(FILE).toString());
        }
        String serial = serialIfNew != null ? checkSerial(serialIfNew) : newSerial(new SecureRandom());
        DeviceInfo info = new DeviceInfo(CORE_VERSION, firmwareIfNew != null ? firmwareIfNew : FIRMWARE_VERSION,
                serial, HW_INFO);
        store.write(FILE, format(info).getBytes(StandardCharsets.UTF_8), false);
        return info;
    }

    public static String checkSerial(String serial) {
        if (!SERIAL.matcher(serial).matches() || Long.parseLong(serial.substring(2)) > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("serial '" + serial
                    + "' is not QC followed by up to 10 digits with a value below 2^32 (e.g. QC0000000217)");
        }
        return serial;
    }

    static String format(DeviceInfo info) {
        Properties p = new Properties();
        p.setProperty("serial", info.serial());
        p.setProperty("hw_info", info.hwInfo());
        p.setProperty("core_version", String.format("0x%08X", info.coreVersion()));
        p.setProperty("fw_version", String.format("0x%08X", info.firmwareVersion()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.store(out, "QCicada emulator: device identity (made once for this state directory)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static DeviceInfo parse(String text, String where) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            return new DeviceInfo(Long.decode(required(p, "core_version")), Long.decode(required(p, "fw_version")),
                    required(p, "serial"), required(p, "hw_info"));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(where + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return v.trim();
    }
}
