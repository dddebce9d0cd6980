package io.pqrstuv.benchmarks.soak;

import java.util.Arrays;

/** Operation latencies of the current interval; {@link #drain()} hands them over and starts anew. */
final class Latencies {
    /** One interval's latencies, in milliseconds. */
    record Window(long[] nanos) {
        long count() {
            return nanos.length;
        }

        double percentile(double q) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.clamp(i, 0, sorted.length - 1)] / 1e6;
        }

        double max() {
            return nanos.length == 0 ? Double.NaN : Arrays.stream(nanos).max().orElse(0) / 1e6;
        }
    }

    private long[] nanos = new long[4096];
    private int n;

    synchronized void add(long elapsedNanos) {
        if (n == nanos.length) {
            nanos = Arrays.copyOf(nanos, n * 2);
        }
        nanos[n++] = elapsedNanos;
    }

    synchronized Window drain() {
        Window w = new Window(Arrays.copyOf(nanos, n));
        n = 0;
        return w;
    }
}
