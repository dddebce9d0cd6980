package io.pqrstuv.storage.clock;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * The module clock: start + real elapsed time × scale. A scale above 1 exists only so that
 * tests can cross the 5/10/30-minute rules quickly (--time-scale); production runs at 1.
 * Monotonic: driven by a nanosecond counter, so wall-clock jumps do not move session expiry.
 */
public final class ScaledClock implements InstantSource {
    private final Instant start;
    private final long startNanos;
    private final long scale;
    private final LongSupplier nanos;

    public ScaledClock(long scale) {
        this(Instant.now(), scale, System::nanoTime);
    }

    public ScaledClock(Instant start, long scale, LongSupplier nanos) {
        if (scale < 1) {
            throw new IllegalArgumentException("time scale must be >= 1");
        }
        this.start = start;
        this.scale = scale;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
    }

    public long scale() {
        return scale;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(Math.multiplyExact(nanos.getAsLong() - startNanos, scale));
    }
}
