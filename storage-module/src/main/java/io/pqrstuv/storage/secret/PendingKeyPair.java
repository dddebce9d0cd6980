package io.pqrstuv.storage.secret;

import io.pqrstuv.crypto.PrivateKeyBlob;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The SEC_SET_INIT key pair: in RAM only, at most one at a time. Replacing it, taking it for
 * SEC_SET_CONF, or its 10-minute timeout zeroizes the previous one (spec SEC_SET_INIT, D-14).
 */
public final class PendingKeyPair {
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    private final InstantSource clock;
    private PrivateKeyBlob key;
    private Instant expires;

    public PendingKeyPair(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    /** Holds a new key pair, zeroizing any earlier one at once. */
    public void replace(PrivateKeyBlob newKey) {
        clear();
        key = Objects.requireNonNull(newKey);
        expires = clock.instant().plus(LIFETIME);
    }

    /** The live key pair without removing it, or null when none (never set, used, or timed out). */
    public PrivateKeyBlob peek() {
        expire();
        return key;
    }

    /** Removes and returns the live key pair (one-shot); the caller destroys it. Null when none. */
    public PrivateKeyBlob take() {
        expire();
        PrivateKeyBlob k = key;
        key = null;
        expires = null;
        return k;
    }

    /** Zeroizes the key pair once its 10 minutes are up. */
    public void expire() {
        if (key != null && !clock.instant().isBefore(expires)) {
            clear();
        }
    }

    public void clear() {
        if (key != null) {
            key.destroy();
        }
        key = null;
        expires = null;
    }
}
