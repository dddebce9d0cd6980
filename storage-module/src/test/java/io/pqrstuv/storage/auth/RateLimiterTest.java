package io.pqrstuv.storage.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.storage.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final ManualClock clock = new ManualClock();
    private final RateLimiter limiter = new RateLimiter(clock);

    @Test
    void thirdFailureInsideFiveMinutesLocksForThirtyMinutes() {
        limiter.recordFailure();
        clock.advance(Duration.ofMinutes(2));
        limiter.recordFailure();
        assertThat(limiter.lockedOut()).isFalse();
        clock.advance(Duration.ofMinutes(2).plusSeconds(59));
        limiter.recordFailure();
        assertThat(limiter.lockedOut()).isTrue();
        clock.advance(Duration.ofMinutes(30).minusNanos(1));
        assertThat(limiter.lockedOut()).isTrue();
        clock.advance(Duration.ofNanos(1));
        assertThat(limiter.lockedOut()).isFalse();
    }

    @Test
    void failuresFiveMinutesOldNoLongerCount() {
        limiter.recordFailure();
        limiter.recordFailure();
        clock.advance(Duration.ofMinutes(5));
        limiter.recordFailure();
        assertThat(limiter.lockedOut()).isFalse();
        limiter.recordFailure();
        assertThat(limiter.lockedOut()).as("two recent + this one").isFalse();
        limiter.recordFailure();
        assertThat(limiter.lockedOut()).isTrue();
    }

    @Test
    void theCounterIsClearedWhenTheLockoutEnds() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure();
        }
        clock.advance(Duration.ofMinutes(30));
        assertThat(limiter.lockedOut()).isFalse();
        limiter.recordFailure();
        limiter.recordFailure();
        assertThat(limiter.lockedOut()).isFalse();
    }
}
