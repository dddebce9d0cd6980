package io.pqrstuv.cli.qrng;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on stderr for long byte transfers (big reads, firmware updates): percentage,
 * amount, rate and ETA, redrawn at most five times a second, erased at the end. Silent when
 * disabled (not a terminal, --no-progress, --json).
 */
final class ByteProgress implements AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintStream err;
    private final String what;
    private final long total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ByteProgress(PrintStream err, String what, long total, boolean enabled) {
        this.err = err;
        this.what = what;
        this.total = total;
        this.enabled = enabled;
    }

    void update(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + line(done, now - start) + "\033[K");
        err.flush();
    }

    /** The bar for {@code done} bytes after {@code elapsedNanos}. */
    String line(long done, long elapsedNanos) {
        double secs = Math.max(1e-9, elapsedNanos / 1e9);
        double rate = done / secs;
        int width = 24;
        int fill = total == 0 ? width : (int) (width * Math.min(1.0, (double) done / total));
        String bar = "#".repeat(fill) + ".".repeat(width - fill);
        String eta = rate <= 0 || done >= total ? "--" : duration((total - done) / rate);
        return String.format(Locale.ROOT, "%s [%s] %3d%% %s/%s %s/s ETA %s", what, bar,
                total == 0 ? 100 : (int) (100 * done / total), size(done), size(total), size((long) rate), eta);
    }

    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }

    @Override
    public void close() {
        if (enabled && drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
