package io.pqrstuv.storage.info;

import io.pqrstuv.storage.entropy.EntropySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The device serial number: a random UUID written once to {@code <state>/device-identity} at
 * first start and never rewritten. The secure storage (and so DEV_RST) never touches this file,
 * which is what keeps GET_INFO identical across restarts and resets (ICP-INFO-5). It is not a
 * secret and not usage metadata: it is the same for the device's whole life.
 */
public final class DeviceIdentity {
    public static final String FILE_NAME = "device-identity";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private DeviceIdentity() {
    }

    /** Reads the serial number, creating it on first start. */
    public static String loadOrCreate(Path stateDir, EntropySource entropy) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!UUID_TEXT.matcher(text).matches()) {
                throw new IOException(file + " does not hold a device serial number");
            }
            return text;
        }
        Files.createDirectories(stateDir);
        String serial = randomUuid(entropy);
        Path tmp = Files.createTempFile(stateDir, FILE_NAME, ".tmp");
        Files.writeString(tmp, serial + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file);
        }
        return serial;
    }

    /** A version-4 UUID from the module's entropy source. */
    static String randomUuid(EntropySource entropy) {
        byte[] b = new byte[16];
        entropy.nextBytes(b);
        b[6] = (byte) (b[6] & 0x0F | 0x40);
        b[8] = (byte) (b[8] & 0x3F | 0x80);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (b[i] & 0xFF);
            lo = lo << 8 | (b[i + 8] & 0xFF);
        }
        return new UUID(hi, lo).toString();
    }
}
