package io.pqrstuv.serial;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Schedules bytes onto a simulated line: byte k of a burst may leave only once its own bit-times
 * have passed, i.e. at {@code start + (k+1) * period}. The line starts a burst where the previous
 * one ended, or at most one byte-time in the past when it was idle, so idle time never buys
 * more than one byte of credit. Not thread-safe: one direction, one caller at a time.
 */
final class Pacer {
    /** Where paced bytes go once their slot has come. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] b, int off, int len) throws IOException;
    }

    private final long period;
    private final LongSupplier clock;
    private long lineFreeAt;

    Pacer(LineRate rate, LongSupplier nanoClock) {
        if (rate.isUnlimited()) {
            throw new IllegalArgumentException("an unlimited line needs no pacer");
        }
        this.period = rate.nanosPerByte();
        this.clock = nanoClock;
        this.lineFreeAt = nanoClock.getAsLong() - period;
    }

    /** Hands {@code len} bytes to {@code sink}, each no earlier than its slot; returns when all are out. */
    void send(byte[] b, int off, int len, Sink sink) throws IOException {
        long start = Math.max(lineFreeAt, clock.getAsLong() - period);
        int sent = 0;
        try {
            while (sent < len) {
                long now = clock.getAsLong();
                long due = Math.min(len, (now - start) / period);
                if (due <= sent) {
                    parkUntil(start + (sent + 1) * period);
                    continue;
                }
                // Bytes whose slots passed while we slept go together: lateness never accumulates.
                int n = (int) (due - sent);
                sink.accept(b, off + sent, n);
                sent += n;
            }
        } finally {
            lineFreeAt = start + (long) sent * period;
        }
    }

    private void parkUntil(long deadline) throws IOException {
        long wait = deadline - clock.getAsLong();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while pacing the line");
        }
    }
}
