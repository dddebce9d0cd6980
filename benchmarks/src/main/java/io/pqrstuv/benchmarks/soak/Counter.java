package io.pqrstuv.benchmarks.soak;

import java.util.concurrent.atomic.AtomicLong;

/** Events in the current interval. */
final class Counter {
    private final AtomicLong count = new AtomicLong();

    void add() {
        count.incrementAndGet();
    }

    long drain() {
        return count.getAndSet(0);
    }
}
