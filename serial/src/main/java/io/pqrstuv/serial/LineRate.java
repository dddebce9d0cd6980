package io.pqrstuv.serial;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The speed of a line with 8N1 framing: each byte costs 10 bit-times (start, 8 data, stop), so a
 * baud rate of B carries B/10 bytes per second. {@link #UNLIMITED} means no pacing at all.
 *
 * @param baud the bit rate, or 0 for unlimited
 */
public record LineRate(int baud) {
    /** Bit-times per byte with one start bit, 8 data bits, no parity and one stop bit. */
    public static final int BITS_PER_BYTE_8N1 = 10;
    // Declared before the constants below: their construction validates against it.
    private static final Set<Integer> STANDARD = Set.of(
            110, 300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600,
            115200, 230400, 460800, 921600);

    /** The PQRSTUV line: 9600 bps 8N1, 960 bytes/s. */
    public static final LineRate BAUD_9600 = new LineRate(9600);
    public static final LineRate UNLIMITED = new LineRate(0);

    public LineRate {
        if (baud != 0 && !STANDARD.contains(baud)) {
            throw new IllegalArgumentException("line rate " + baud + " is not a standard baud rate " + standardRates());
        }
    }

    /**
     * Parses {@code "9600"} (any standard baud rate) or {@code "unlimited"}.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static LineRate parse(String text) {
        Objects.requireNonNull(text, "line rate");
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("unlimited")) {
            return UNLIMITED;
        }
        if (t.isEmpty() || t.length() > 7 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("line rate '" + text + "' is neither a baud rate such as 9600 nor 'unlimited'");
        }
        int baud = Integer.parseInt(t);
        if (baud == 0) {
            throw new IllegalArgumentException("line rate 0 is not a baud rate; use 'unlimited' to turn pacing off");
        }
        return new LineRate(baud);
    }

    public boolean isUnlimited() {
        return baud == 0;
    }

    /** Bytes per second in each direction (baud/10), or 0 when unlimited. */
    public int bytesPerSecond() {
        return baud / BITS_PER_BYTE_8N1;
    }

    /** Time one byte occupies the line, in nanoseconds (1,041,667 ns at 9600 bps), or 0 when unlimited. */
    public long nanosPerByte() {
        return isUnlimited() ? 0 : Math.round(1e9 * BITS_PER_BYTE_8N1 / baud);
    }

    @Override
    public String toString() {
        return isUnlimited() ? "unlimited" : baud + "-8N1";
    }

    private static String standardRates() {
        return STANDARD.stream().sorted().toList().toString();
    }
}
