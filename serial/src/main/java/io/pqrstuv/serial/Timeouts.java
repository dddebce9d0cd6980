package io.pqrstuv.serial;

import java.time.Duration;
import java.util.Objects;

/** Checks and converts the per-call read timeouts of {@link Link#read}. */
final class Timeouts {
    private Timeouts() {
    }

    static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative read timeout " + timeout);
        }
        return timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 4 : timeout.toNanos();
    }

    /** Milliseconds for APIs that count in whole ms: at least 1 for any positive timeout. */
    static int millis(Duration timeout) {
        long n = nanos(timeout);
        if (n == 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (n + 999_999) / 1_000_000));
    }
}
