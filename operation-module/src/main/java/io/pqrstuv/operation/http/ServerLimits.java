package io.pqrstuv.operation.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * How much of the device a network client may hold, and for how long (issue 15 part 1,
 * docs/decisions.md P-85, docs/security.md "Network limits").
 *
 * @param maxConnections open TLS connections at most; a connection beyond it evicts a waiting one
 *        (or is refused when every connection is inside a request)
 * @param maxConnectionsPerAddress open connections at most from one IPv4 address or IPv6 /64
 * @param headerDeadline from accept to a complete first request header, TLS handshake included;
 *        not extended by bytes that trickle in
 * @param bodyDeadline from a complete header to the end of the request body
 * @param keepAliveIdle from the end of a response to the next complete request header
 * @param ioIdleTimeout Jetty's idle timeout, which also runs while a handler waits for the storage
 *        module: at least D-50's 300 s (P-87); the deadlines above bound everything outside a request
 */
public record ServerLimits(int maxConnections, int maxConnectionsPerAddress, Duration headerDeadline,
                           Duration bodyDeadline, Duration keepAliveIdle, Duration ioIdleTimeout) {
    /** The most connections worth holding, whatever the open-file limit (see P-85). */
    public static final int MAX_CONNECTIONS = 1024;
    public static final int MAX_CONNECTIONS_PER_ADDRESS = 128;
    public static final Duration HEADER_DEADLINE = Duration.ofSeconds(5);
    public static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
    public static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(30);
    public static final Duration IO_IDLE_TIMEOUT = Duration.ofSeconds(300);
    /** At most this share of the process's file descriptors may be client connections. */
    static final int FILE_SHARE_DIVISOR = 4;

    public ServerLimits {
        Objects.requireNonNull(headerDeadline);
        Objects.requireNonNull(bodyDeadline);
        Objects.requireNonNull(keepAliveIdle);
        Objects.requireNonNull(ioIdleTimeout);
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > maxConnections) {
            throw new IllegalArgumentException("connection limits must be positive, per address at most the total");
        }
        for (Duration d : new Duration[] {headerDeadline, bodyDeadline, keepAliveIdle, ioIdleTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("deadlines must be positive");
            }
        }
    }

    /** The production limits, the connection cap sized to this process's open-file limit. */
    public static ServerLimits defaults() {
        return forOpenFileLimit(openFileLimit());
    }

    /**
     * The production limits for a process that may hold {@code fileLimit} descriptors: a quarter of
     * them for client connections, at most {@link #MAX_CONNECTIONS}, at least 16.
     */
    public static ServerLimits forOpenFileLimit(long fileLimit) {
        int max = (int) Math.clamp(fileLimit / FILE_SHARE_DIVISOR, 16, MAX_CONNECTIONS);
        return new ServerLimits(max, Math.min(MAX_CONNECTIONS_PER_ADDRESS, max), HEADER_DEADLINE, BODY_DEADLINE,
                KEEP_ALIVE_IDLE, IO_IDLE_TIMEOUT);
    }

    /** This process's soft RLIMIT_NOFILE (the JVM raises it to the hard limit at start), or 4,096 if unknown. */
    static long openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > 0) {
                return max;
            }
        }
        return 4096;
    }
}
