package io.pqrstuv.benchmarks.soak;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Unexpected outcomes: counted per interval, totalled by kind, the first few of each kind printed. */
final class Errors {
    private static final int PRINTED_PER_KIND = 3;

    private final AtomicLong interval = new AtomicLong();
    private final Map<String, Long> byKind = new TreeMap<>();

    void add(String where, Exception e) {
        interval.incrementAndGet();
        String kind = where.replaceAll("-\\d+$", "") + ": " + e.getClass().getSimpleName();
        long seen;
        synchronized (byKind) {
            seen = byKind.merge(kind, 1L, Long::sum);
        }
        if (seen <= PRINTED_PER_KIND) {
            System.out.println("soak: " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + kind + ": " + e.getMessage());
        }
    }

    long drain() {
        return interval.getAndSet(0);
    }

    String summary() {
        synchronized (byKind) {
            if (byKind.isEmpty()) {
                return "No unexpected outcome.\n";
            }
            StringBuilder b = new StringBuilder("Unexpected outcomes by kind:\n");
            byKind.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
            return b.toString();
        }
    }
}
