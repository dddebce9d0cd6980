package io.pqrstuv.qrng.emulator;

import io.pqrstuv.qrng.emulator.device.Device;
import java.util.Locale;

/**
 * How fast the emulated QCicada produces random bytes.
 * <ul>
 * <li>{@link #real()}: as the device (notes §2): a ready pool of 13,440 bytes that refills at
 * 12,500 B/s, sent over a line paced at 1,000,000 baud 8N1 (100,000 B/s) on the pty.</li>
 * <li>{@link #bytesPerSecond(long)}: the same pool refilling at another rate, line not paced.</li>
 * <li>{@link #unlimited()}: the pool is never empty; data goes as fast as the host reads it.</li>
 * </ul>
 */
public final class EmulatorRate {
    /** The real device's generation speed (notes §2: ~12.5 kB/s; {@code speed} ≈ 100,000 bit/s). */
    public static final long REAL_BYTES_PER_SECOND = 12_500;
    /** Bytes ready at once when the device has been idle: 30 blocks of 448 (notes §2). */
    public static final int READY_POOL_BYTES = Device.READY_POOL_BYTES;
    /** 1,000,000 baud, 8N1: ten bit times per byte. */
    public static final long LINE_BYTES_PER_SECOND = 100_000;

    private static final EmulatorRate REAL = new EmulatorRate(REAL_BYTES_PER_SECOND, true);
    private static final EmulatorRate UNLIMITED = new EmulatorRate(0, false);

    private final long bytesPerSecond;
    private final boolean pacesLine;

    private EmulatorRate(long bytesPerSecond, boolean pacesLine) {
        this.bytesPerSecond = bytesPerSecond;
        this.pacesLine = pacesLine;
    }

    public static EmulatorRate real() {
        return REAL;
    }

    public static EmulatorRate unlimited() {
        return UNLIMITED;
    }

    public static EmulatorRate bytesPerSecond(long n) {
        if (n < 1 || n > 1_000_000_000L) {
            throw new IllegalArgumentException("rate must be 1..1,000,000,000 bytes per second, got " + n);
        }
        return new EmulatorRate(n, false);
    }

    /** {@code real}, {@code unlimited}, or a number of bytes per second (as the CLI takes it). */
    public static EmulatorRate parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "real" -> real();
            case "unlimited" -> unlimited();
            default -> {
                long n;
                try {
                    n = Long.parseLong(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("rate '" + s + "' is not real, unlimited or a number of bytes per second");
                }
                yield bytesPerSecond(n);
            }
        };
    }

    public boolean isUnlimited() {
        return bytesPerSecond == 0;
    }

    /** Generation speed in bytes per second; 0 when unlimited. */
    public long generationBytesPerSecond() {
        return bytesPerSecond;
    }

    /** Whether serial output is paced at the real line rate (1 Mbaud). */
    public boolean pacesLine() {
        return pacesLine;
    }

    @Override
    public String toString() {
        if (isUnlimited()) {
            return "unlimited";
        }
        return this == REAL || (pacesLine && bytesPerSecond == REAL_BYTES_PER_SECOND)
                ? "real (" + REAL_BYTES_PER_SECOND + " B/s after a " + READY_POOL_BYTES + "-byte pool)"
                : bytesPerSecond + " B/s after a " + READY_POOL_BYTES + "-byte pool";
    }
}
