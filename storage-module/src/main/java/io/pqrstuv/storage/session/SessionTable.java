package io.pqrstuv.storage.session;

import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.storage.entropy.EntropySource;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Authenticated sessions (spec "INIT"): UD → AW on INIT, AW → AP when a frame passes the session
 * check, AP → UD when its one command is done (D-36). Only AW sessions are kept: a session is taken
 * out of the table as it enters AP, so a second frame for it finds nothing (SESSION_UNAVAILABLE).
 *
 * <p>Single-threaded: used from the command thread only.
 */
public final class SessionTable {
    /** AW sessions not used within this time return to UD (ICP-SESS-10). */
    public static final Duration WAIT_TIMEOUT = Duration.ofMinutes(10);

    // Insertion order is expiry order (a fixed timeout from a clock that does not go back), so
    // expire() stops at the first live session: O(expired), not O(waiting) on every INIT. If the
    // clock did step back, later sessions are only freed later; claim() still checks each expiry.
    private final Map<Integer, Waiting> waiting = new LinkedHashMap<>();
    private final EntropySource entropy;
    private final InstantSource clock;

    private record Waiting(byte[] nonce, Instant expires) {
    }

    /** An INIT result: the new session id and a copy of its nonce. */
    public record Allocated(int session, byte[] nonce) {
        @Override
        public String toString() {
            return "Allocated[session]";
        }
    }

    public SessionTable(EntropySource entropy, InstantSource clock) {
        this.entropy = Objects.requireNonNull(entropy);
        this.clock = Objects.requireNonNull(clock);
    }

    /** INIT: a random id outside the reserved ones and the AW set, with a fresh 16-byte nonce. */
    public Allocated allocate() {
        expire();
        byte[] idBytes = new byte[Sessions.LENGTH];
        int id;
        do {
            entropy.nextBytes(idBytes);
            id = Sessions.fromBytes(idBytes, 0);
        } while (Sessions.isReserved(id) || waiting.containsKey(id));
        byte[] nonce = new byte[AuthToken.NONCE_LENGTH];
        entropy.nextBytes(nonce);
        waiting.put(id, new Waiting(nonce, clock.instant().plus(WAIT_TIMEOUT)));
        return new Allocated(id, nonce.clone());
    }

    /**
     * Moves an AW session to AP and returns its nonce (the caller zeroizes it), or null when the
     * session is not waiting (never issued, expired, or already used).
     */
    public byte[] claim(int session) {
        Waiting w = waiting.remove(session);
        if (w == null) {
            return null;
        }
        if (!clock.instant().isBefore(w.expires)) {
            Arrays.fill(w.nonce, (byte) 0);
            return null;
        }
        return w.nonce;
    }

    /** Returns timed-out AW sessions to UD, zeroizing their nonces. */
    public void expire() {
        Instant now = clock.instant();
        for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (now.isBefore(w.expires)) {
                break;
            }
            Arrays.fill(w.nonce, (byte) 0);
            it.remove();
        }
    }

    public int waitingCount() {
        return waiting.size();
    }

    /** Zeroizes every nonce (shutdown). */
    public void clear() {
        waiting.values().forEach(w -> Arrays.fill(w.nonce, (byte) 0));
        waiting.clear();
    }
}
