package io.pqrstuv.testkit.io;

import java.io.IOException;
import java.time.Duration;

/**
 * Reading exact byte counts, with a deadline, from anything with a timed read (a serial
 * {@code Link}: {@code TimedReads.readFully(link::read, n, within)}). Failures are assertion errors
 * that say how far it got.
 */
public final class TimedReads {
    /** A read that returns what arrived within {@code timeout} (0 when nothing did), or -1 at the end of the stream. */
    @FunctionalInterface
    public interface Source {
        int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException;
    }

    private TimedReads() {
    }

    /** Reads exactly {@code n} bytes or fails after {@code within}. */
    public static byte[] readFully(Source source, int n, Duration within) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        long deadline = System.nanoTime() + within.toNanos();
        while (got < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + got + " of " + n + " bytes arrived within " + within);
            }
            int r = source.read(out, got, n - got, Duration.ofNanos(Math.min(left, 100_000_000)));
            if (r < 0) {
                throw new AssertionError("end of stream after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return out;
    }

    /** Reads until -1, failing if it does not come within {@code within}; returns how many bytes came before it. */
    public static int drainToEnd(Source source, Duration within) throws IOException {
        byte[] buf = new byte[4096];
        int total = 0;
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            int r = source.read(buf, 0, buf.length, Duration.ofMillis(50));
            if (r < 0) {
                return total;
            }
            total += r;
        }
        throw new AssertionError("no end of stream within " + within);
    }
}
