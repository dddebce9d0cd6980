package io.pqrstuv.operation.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Bounds what network clients can hold (issue 15 part 1, P-85): how many connections, how many
 * from one address, and how long a connection may take to deliver a request. Jetty's idle timeout
 * cannot do the latter: every byte resets it, so a client trickling a byte a second holds its
 * connection forever. Here each connection has a <em>deadline</em> that bytes do not move:
 *
 * <ul>
 *   <li>{@link Phase#AWAITING_REQUEST}: from accept, the TLS handshake and the first request
 *       header must be complete within {@link ServerLimits#headerDeadline()}; after a response,
 *       the next header within {@link ServerLimits#keepAliveIdle()};</li>
 *   <li>{@link Phase#READING_BODY}: the body within {@link ServerLimits#bodyDeadline()} of its header;</li>
 *   <li>{@link Phase#HANDLING}: no deadline — the call may wait minutes for the storage module (D-50).</li>
 * </ul>
 *
 * <p>At the cap, a new connection does not wait in the kernel's accept queue behind the attack
 * (which is what Jetty's {@code ConnectionLimit} would make it do): it is accepted, and the source
 * (IPv4 address or IPv6 /64) holding the most connections gives up its oldest one that is waiting
 * for a request — unless the newcomer's own source holds as many, in which case the newcomer is
 * closed at once, before any TLS work. So a single source, or a few, can never take the places of
 * everyone else, and an attacker's reconnects cost the device an accept and a close. A source at its
 * own limit may only replace one of its idle keep-alive connections. Only when every connection is
 * inside a request is a newcomer from a small source refused too.
 *
 * <p>A {@link Connection.Listener} on the connector (it sees the network connection, below TLS) with
 * {@link RequestPhases} in front of the handler telling it where each request is. A sweeper thread
 * closes expired connections every {@link #SWEEP_MILLIS} ms.
 */
public final class ConnectionGuard extends AbstractLifeCycle implements Connection.Listener {
    static final long SWEEP_MILLIS = 200;

    /** Where a connection is in its request cycle. */
    public enum Phase { AWAITING_REQUEST, READING_BODY, HANDLING }

    /** Counters since start (for tests, the soak and operators). */
    public record Stats(int open, int addresses, long accepted, long refused, long evicted, long headerDeadlines,
                        long bodyDeadlines, long keepAliveDeadlines) {
    }

    /** One network connection. Mutable fields are guarded by the guard's lock. */
    static final class Tracked {
        private final EndPoint network;
        private final Source source;
        private final long openedNanos;
        private EndPoint application;
        private Phase phase = Phase.AWAITING_REQUEST;
        private boolean served;
        private long deadlineNanos;

        private Tracked(EndPoint network, Source source, long now, long deadlineNanos) {
            this.network = network;
            this.source = source;
            this.openedNanos = now;
            this.deadlineNanos = deadlineNanos;
        }

        private boolean waiting() {
            return phase == Phase.AWAITING_REQUEST;
        }
    }

    /** An IPv4 address, or the /64 of an IPv6 address (one host or one site: one source). */
    record Source(boolean v6, long bits) {
        static Source of(SocketAddress remote) {
            if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
                InetAddress a = inet.getAddress();
                byte[] b = a.getAddress();
                if (a instanceof Inet4Address) {
                    return new Source(false, ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL));
                }
                if (a instanceof Inet6Address) {
                    long prefix = 0;
                    for (int i = 0; i < 8; i++) {
                        prefix = (prefix << 8) | (b[i] & 0xffL);
                    }
                    return new Source(true, prefix);
                }
            }
            return new Source(false, -1); // not an IP peer (never on this connector): one shared source
        }
    }

    private final ServerLimits limits;
    private final Object lock = new Object();
    private final Map<EndPoint, Tracked> byEndPoint = new IdentityHashMap<>();
    private final Map<Source, ArrayDeque<Tracked>> bySource = new HashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong headerDeadlines = new AtomicLong();
    private final AtomicLong bodyDeadlines = new AtomicLong();
    private final AtomicLong keepAliveDeadlines = new AtomicLong();
    private ScheduledExecutorService sweeper;

    public ConnectionGuard(ServerLimits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    public ServerLimits limits() {
        return limits;
    }

    public Stats stats() {
        synchronized (lock) {
            return new Stats(byEndPoint.size(), bySource.size(), accepted.get(), refused.get(), evicted.get(),
                    headerDeadlines.get(), bodyDeadlines.get(), keepAliveDeadlines.get());
        }
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ecp-connection-guard");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        sweeper.shutdownNow();
        sweeper.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (lock) {
            byEndPoint.clear();
            bySource.clear();
        }
    }

    // ---- Connection.Listener (selector and handler threads) ----

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (endPoint instanceof EndPoint.Wrapper) {
            // The HTTP connection on top of TLS: remembered so that an idle keep-alive connection can be
            // closed gracefully (TLS close_notify), as Jetty's own idle timeout would.
            synchronized (lock) {
                Tracked t = byEndPoint.get(network(endPoint));
                if (t != null) {
                    t.application = endPoint;
                }
            }
            return;
        }
        long now = System.nanoTime();
        Tracked fresh = new Tracked(endPoint, Source.of(endPoint.getRemoteSocketAddress()), now,
                now + limits.headerDeadline().toNanos());
        Tracked victim = null;
        boolean refuse = false;
        synchronized (lock) {
            ArrayDeque<Tracked> same = bySource.get(fresh.source);
            int sameCount = same == null ? 0 : same.size();
            if (sameCount >= limits.maxConnectionsPerAddress()) {
                // Over its own limit: it may replace one of its own idle keep-alive connections, never one
                // still waiting for its first request (an attacker would only trade trickle for trickle).
                victim = oldestIdleKeepAlive(same);
                refuse = victim == null;
            } else if (byEndPoint.size() >= limits.maxConnections()) {
                // At the cap: the source holding the most gives up a waiting connection, unless that is
                // the newcomer's own source (or one no bigger), which then keeps what it has.
                Tracked candidate = evictionCandidate();
                if (candidate != null && bySource.get(candidate.source).size() > sameCount) {
                    victim = candidate;
                } else {
                    victim = same == null ? null : oldestIdleKeepAlive(same);
                    refuse = victim == null;
                }
            }
            if (!refuse) {
                if (victim != null) {
                    forget(victim);
                }
                byEndPoint.put(endPoint, fresh);
                bySource.computeIfAbsent(fresh.source, s -> new ArrayDeque<>()).addLast(fresh);
            }
        }
        if (refuse) {
            // Closed before any TLS work: refusing costs an accept and a close.
            refused.incrementAndGet();
            endPoint.close();
            return;
        }
        accepted.incrementAndGet();
        if (victim != null) {
            evicted.incrementAndGet();
            victim.network.close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (endPoint instanceof EndPoint.Wrapper) {
            return;
        }
        synchronized (lock) {
            Tracked t = byEndPoint.get(endPoint);
            if (t != null) {
                forget(t);
            }
        }
    }

    // ---- request phases (RequestPhases, on handler threads) ----

    /** A request header is complete: its body (if any) now has {@link ServerLimits#bodyDeadline()}. */
    Tracked requestStarted(Request request, boolean hasBody) {
        EndPoint endPoint = network(request.getConnectionMetaData().getConnection().getEndPoint());
        synchronized (lock) {
            Tracked t = byEndPoint.get(endPoint);
            if (t != null) {
                t.served = true;
                if (hasBody) {
                    t.phase = Phase.READING_BODY;
                    t.deadlineNanos = System.nanoTime() + limits.bodyDeadline().toNanos();
                } else {
                    t.phase = Phase.HANDLING;
                }
            }
            return t;
        }
    }

    /** The handler has read the whole body: no deadline while it works. */
    void bodyRead(Tracked t) {
        synchronized (lock) {
            if (t.phase == Phase.READING_BODY) {
                t.phase = Phase.HANDLING;
            }
        }
    }

    /** The response is written: the next request header has {@link ServerLimits#keepAliveIdle()}. */
    void responded(Tracked t) {
        synchronized (lock) {
            t.phase = Phase.AWAITING_REQUEST;
            t.deadlineNanos = System.nanoTime() + limits.keepAliveIdle().toNanos();
        }
    }

    /** Connections inside a request (reading its body or being handled). */
    int handling() {
        synchronized (lock) {
            int n = 0;
            for (Tracked t : byEndPoint.values()) {
                if (!t.waiting()) {
                    n++;
                }
            }
            return n;
        }
    }

    // ---- internals ----

    /** Closes every connection past its deadline that is not inside a handler. */
    private void sweep() {
        List<Tracked> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (lock) {
            for (Tracked t : byEndPoint.values()) {
                if (t.phase != Phase.HANDLING && now - t.deadlineNanos >= 0) {
                    expired.add(t);
                }
            }
            for (Tracked t : expired) {
                forget(t);
            }
        }
        for (Tracked t : expired) {
            try {
                if (t.phase == Phase.READING_BODY) {
                    bodyDeadlines.incrementAndGet();
                    t.network.close();
                } else if (t.served) {
                    keepAliveDeadlines.incrementAndGet();
                    // An idle keep-alive connection ends as Jetty's idle timeout would end it.
                    (t.application != null ? t.application : t.network).close();
                } else {
                    headerDeadlines.incrementAndGet();
                    t.network.close();
                }
            } catch (RuntimeException e) {
                t.network.close();
            }
        }
    }

    /** The oldest connection waiting for a request from the source holding the most; null if none waits. */
    private Tracked evictionCandidate() {
        Tracked best = null;
        int bestCount = 0;
        for (ArrayDeque<Tracked> same : bySource.values()) {
            if (same.size() < bestCount) {
                continue;
            }
            Tracked oldest = oldestWaiting(same);
            if (oldest != null && (same.size() > bestCount || oldest.openedNanos - best.openedNanos < 0)) {
                best = oldest;
                bestCount = same.size();
            }
        }
        return best;
    }

    private static Tracked oldestIdleKeepAlive(ArrayDeque<Tracked> same) {
        for (Tracked t : same) {
            if (t.waiting() && t.served) {
                return t;
            }
        }
        return null;
    }

    private static Tracked oldestWaiting(ArrayDeque<Tracked> same) {
        for (Tracked t : same) {
            if (t.waiting()) {
                return t;
            }
        }
        return null;
    }

    private void forget(Tracked t) {
        byEndPoint.remove(t.network);
        ArrayDeque<Tracked> same = bySource.get(t.source);
        if (same != null) {
            for (Iterator<Tracked> it = same.iterator(); it.hasNext(); ) {
                if (it.next() == t) {
                    it.remove();
                    break;
                }
            }
            if (same.isEmpty()) {
                bySource.remove(t.source);
            }
        }
    }

    /** The network end point under any TLS layers. */
    private static EndPoint network(EndPoint endPoint) {
        EndPoint e = endPoint;
        while (e instanceof EndPoint.Wrapper w) {
            e = w.unwrap();
        }
        return e;
    }
}
