package io.pqrstuv.testkit.tap;

import io.pqrstuv.icp.frame.ReceiverEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The tap's thread-safe, ordered log of both directions. Both relay threads append; tests read
 * snapshots and wait for entries. {@link #clear()} wipes the recorded payloads.
 */
public final class TapRecording {
    private final List<TapEntry> entries = new ArrayList<>();
    private long nextSeq;

    synchronized TapEntry.Frame addFrame(Direction d, long atNanos, byte[] payload, Fault fault) {
        return append(new TapEntry.Frame(nextSeq++, d, atNanos, payload, fault));
    }

    synchronized void addAnomaly(Direction d, long atNanos, TapEntry.Anomaly.Kind kind, long detail) {
        append(new TapEntry.Anomaly(nextSeq++, d, atNanos, kind, detail));
    }

    /** Records a framing-error event from a {@link io.pqrstuv.icp.frame.FrameReceiver}. */
    void addAnomaly(Direction d, long atNanos, ReceiverEvent event) {
        switch (event) {
            case ReceiverEvent.Oversize(long declared) -> addAnomaly(d, atNanos, TapEntry.Anomaly.Kind.OVERSIZE, declared);
            case ReceiverEvent.GapTimeout(int discarded) -> addAnomaly(d, atNanos, TapEntry.Anomaly.Kind.GAP_TIMEOUT, discarded);
            case ReceiverEvent.ChecksumFailure(ReceiverEvent.ChecksumFailure.Cause cause) -> addAnomaly(d, atNanos,
                    cause == ReceiverEvent.ChecksumFailure.Cause.CRC_MISMATCH
                            ? TapEntry.Anomaly.Kind.CRC_MISMATCH : TapEntry.Anomaly.Kind.TRAILER_MISPLACED, 0);
            case ReceiverEvent.Payload p -> throw new IllegalArgumentException("a payload is not an anomaly");
        }
    }

    synchronized void addInjection(Direction d, long atNanos, int length) {
        append(new TapEntry.Injection(nextSeq++, d, atNanos, length));
    }

    private <T extends TapEntry> T append(T e) {
        entries.add(e);
        notifyAll();
        return e;
    }

    /** Everything so far, in arrival order. */
    public synchronized List<TapEntry> entries() {
        return List.copyOf(entries);
    }

    public List<TapEntry.Frame> frames() {
        return select(TapEntry.Frame.class, e -> true);
    }

    public List<TapEntry.Frame> frames(Direction d) {
        return select(TapEntry.Frame.class, e -> e.direction() == d);
    }

    /** Frames the operation module sent. */
    public List<TapEntry.Frame> requests() {
        return frames(Direction.TO_STORAGE);
    }

    /** Frames the storage module sent. */
    public List<TapEntry.Frame> responses() {
        return frames(Direction.TO_OPERATION);
    }

    public List<TapEntry.Anomaly> anomalies() {
        return select(TapEntry.Anomaly.class, e -> true);
    }

    public List<TapEntry.Anomaly> anomalies(Direction d) {
        return select(TapEntry.Anomaly.class, e -> e.direction() == d);
    }

    /** Waits until at least {@code n} request frames were seen; returns all of them. */
    public List<TapEntry.Frame> awaitRequests(int n, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitFrames(Direction.TO_STORAGE, n, timeout);
    }

    /** Waits until at least {@code n} response frames were seen; returns all of them. */
    public List<TapEntry.Frame> awaitResponses(int n, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitFrames(Direction.TO_OPERATION, n, timeout);
    }

    public synchronized List<TapEntry.Frame> awaitFrames(Direction d, int n, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TapEntry.Frame> seen;
        while ((seen = frames(d)).size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("saw " + seen.size() + " of " + n + " " + d + " frames within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return seen;
    }

    /**
     * True if no request frame followed another request frame without a response frame in
     * between (ECP-NET-10: one outstanding ICP command at a time).
     */
    public boolean isStrictlyAlternating() {
        return firstAlternationViolation() == null;
    }

    /** @throws AssertionError naming the two request frames that had no response between them */
    public void assertStrictlyAlternating() {
        TapEntry.Frame[] v = firstAlternationViolation();
        if (v != null) {
            throw new AssertionError("request " + v[1] + " was sent before any response to request " + v[0]);
        }
    }

    private TapEntry.Frame[] firstAlternationViolation() {
        TapEntry.Frame outstanding = null;
        for (TapEntry.Frame f : frames()) {
            if (f.direction() == Direction.TO_OPERATION) {
                outstanding = null;
            } else if (outstanding != null) {
                return new TapEntry.Frame[] {outstanding, f};
            } else {
                outstanding = f;
            }
        }
        return null;
    }

    /** Forgets everything recorded so far and wipes the payload copies; numbering continues. */
    public synchronized void clear() {
        for (TapEntry e : entries) {
            if (e instanceof TapEntry.Frame f) {
                f.wipe();
            }
        }
        entries.clear();
    }

    private synchronized <T extends TapEntry> List<T> select(Class<T> type, Predicate<T> keep) {
        List<T> out = new ArrayList<>();
        for (TapEntry e : entries) {
            if (type.isInstance(e) && keep.test(type.cast(e))) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    @Override
    public synchronized String toString() {
        return "TapRecording[" + entries.size() + " entries]";
    }
}
