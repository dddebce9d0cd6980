package io.pqrstuv.storage.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScaledClockTest {
    @Test
    void elapsedTimeIsMultipliedByTheScale() {
        AtomicLong nanos = new AtomicLong(5_000);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        ScaledClock clock = new ScaledClock(start, 60, nanos::get);
        assertThat(clock.instant()).isEqualTo(start);
        nanos.addAndGet(1_000_000_000L);
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(60));
    }

    @Test
    void scaleBelowOneIsRefused() {
        assertThatThrownBy(() -> new ScaledClock(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
