package io.pqrstuv.qrng.emulator.device;

/**
 * The device's buffer of random bytes ready to send (notes §2): {@code ready_bytes} of the status.
 * It fills at the generation rate up to its capacity while the generator runs; reads take from it.
 * Not thread-safe: {@link Device} guards it.
 */
final class ReadyPool {
    private final int capacity;
    private final double perNano;
    private final boolean unlimited;
    private double level;
    private long lastNanos;

    /** {@code bytesPerSecond} 0: unlimited, the pool never empties. */
    ReadyPool(long bytesPerSecond, int capacity, long nowNanos) {
        this.capacity = capacity;
        this.unlimited = bytesPerSecond == 0;
        this.perNano = bytesPerSecond / 1e9;
        this.level = capacity;
        this.lastNanos = nowNanos;
    }

    /** Accounts for the time up to {@code nowNanos}; the pool only fills while {@code generating}. */
    void advance(long nowNanos, boolean generating) {
        long dt = nowNanos - lastNanos;
        if (dt > 0) {
            if (generating && !unlimited) {
                level = Math.min(capacity, level + dt * perNano);
            }
            lastNanos = nowNanos;
        }
    }

    int ready() {
        return unlimited ? capacity : (int) level;
    }

    /** Takes up to {@code max} bytes; an unlimited pool always has them. */
    int take(int max) {
        if (unlimited) {
            return max;
        }
        int n = Math.min(max, (int) level);
        level -= n;
        return n;
    }

    /** Time until {@code n} bytes (at most the capacity) are ready, if the generator keeps running. */
    long nanosUntil(int n) {
        if (unlimited) {
            return 0;
        }
        double deficit = Math.min(n, capacity) - level;
        return deficit <= 0 ? 0 : (long) Math.ceil(deficit / perNano);
    }

    void empty() {
        level = 0;
    }

    int capacity() {
        return capacity;
    }
}
