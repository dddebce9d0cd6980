package io.pqrstuv.storage.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Token-failure rate limit (spec "INIT", D-10, D-11): the third INCORRECT_SECRET inside a sliding
 * 5-minute window starts a 30-minute lockout of authenticated commands. Only token failures count;
 * requests during a lockout neither count nor extend it; the counter is cleared when it ends.
 * Kept in RAM only (D-11).
 */
public final class RateLimiter {
    public static final int MAX_FAILURES = 3;
    public static final Duration WINDOW = Duration.ofMinutes(5);
    public static final Duration LOCKOUT = Duration.ofMinutes(30);

    private final InstantSource clock;
    private final Deque<Instant> failures = new ArrayDeque<>();
    private Instant lockedUntil;

    public RateLimiter(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    /** Whether authenticated commands are locked out now. */
    public boolean lockedOut() {
        if (lockedUntil == null) {
            return false;
        }
        if (clock.instant().isBefore(lockedUntil)) {
            return true;
        }
        lockedUntil = null;
        failures.clear();
        return false;
    }

    /** Records one token-validation failure; may start the lockout. */
    public void recordFailure() {
        Instant now = clock.instant();
        Instant horizon = now.minus(WINDOW);
        while (!failures.isEmpty() && !failures.peekFirst().isAfter(horizon)) {
            failures.removeFirst();
        }
        failures.addLast(now);
        if (failures.size() >= MAX_FAILURES) {
            failures.clear();
            lockedUntil = now.plus(LOCKOUT);
        }
    }
}
