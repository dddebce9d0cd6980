package io.pqrstuv.serial;

import java.io.IOException;
import java.time.Duration;

/** Test helpers for reading exact byte counts from a link. */
public final class Io {
    private Io() {
    }

    /** Reads exactly {@code n} bytes or fails after {@code within}. */
    public static byte[] readFully(Link link, int n, Duration within) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        long deadline = System.nanoTime() + within.toNanos();
        while (got < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + got + " of " + n + " bytes arrived within " + within);
            }
            int r = link.read(out, got, n - got, Duration.ofNanos(Math.min(left, 100_000_000)));
            if (r < 0) {
                throw new AssertionError("end of stream after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return out;
    }

    /** Reads until -1, failing if it does not come within {@code within}; returns the bytes before it. */
    public static int drainToEnd(Link link, Duration within) throws IOException {
        byte[] buf = new byte[4096];
        int total = 0;
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            int r = link.read(buf, 0, buf.length, Duration.ofMillis(50));
            if (r < 0) {
                return total;
            }
            total += r;
        }
        throw new AssertionError("no end of stream within " + within);
    }
}
