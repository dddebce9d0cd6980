package io.pqrstuv.serial;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Makes any link behave like a UART line of the given rate in both directions, byte timing
 * included: a written byte reaches the delegate only when its 10 bit-times have elapsed, and a
 * byte arriving from the delegate becomes readable only when it would have finished crossing the
 * line. Used for the embedded default and for benchmarks, so they show the real 9600-bps wire time.
 *
 * <p>Writes are paced in the writing thread (write returns when the last byte has left). Reads are
 * paced by a pump thread that drains the delegate into a buffer at line speed, so a reader that
 * comes late still finds everything that has "arrived", as with a UART's receive buffer.
 */
public final class RateLimitedLink implements Link {
    private static final Duration PUMP_POLL = Duration.ofMillis(50);

    private final Link delegate;
    private final LineRate rate;
    private final Pacer outbound;
    private final Pacer inbound;
    private final ByteRing received = new ByteRing(PipeLink.DEFAULT_CAPACITY);
    private final Object writeLock = new Object();
    private final Thread pump;
    private volatile boolean closed;
    private volatile IOException pumpFailure;

    private RateLimitedLink(Link delegate, LineRate rate) {
        this.delegate = delegate;
        this.rate = rate;
        this.outbound = new Pacer(rate, System::nanoTime);
        this.inbound = new Pacer(rate, System::nanoTime);
        this.pump = Thread.ofPlatform().daemon().name("line-rate-rx " + delegate.describe()).unstarted(this::pumpLoop);
    }

    /** Wraps {@code link} at {@code rate}; an unlimited rate returns the link itself. */
    public static Link wrap(Link link, LineRate rate) {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(rate, "rate");
        if (rate.isUnlimited()) {
            return link;
        }
        RateLimitedLink limited = new RateLimitedLink(link, rate);
        limited.pump.start();
        return limited;
    }

    public LineRate rate() {
        return rate;
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        long nanos = Timeouts.nanos(timeout);
        try {
            int n = received.read(buf, off, len, nanos);
            if (n < 0 && pumpFailure != null && !closed) {
                throw new IOException("line " + describe() + " failed", pumpFailure);
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + describe());
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("link " + describe() + " is closed");
            }
            outbound.send(buf, off, len, delegate::write);
        }
    }

    @Override
    public String describe() {
        return delegate.describe() + " paced at " + rate;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            delegate.close();
        } finally {
            received.closeWriter();
            received.closeReader();
            if (Thread.currentThread() != pump) {
                try {
                    pump.join(Duration.ofSeconds(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void pumpLoop() {
        byte[] chunk = new byte[4096];
        try {
            while (!closed) {
                int n = delegate.read(chunk, 0, chunk.length, PUMP_POLL);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    inbound.send(chunk, 0, n, this::deliver);
                    Arrays.fill(chunk, 0, n, (byte) 0);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                pumpFailure = e;
            }
        } finally {
            Arrays.fill(chunk, (byte) 0);
            received.closeWriter();
        }
    }

    private void deliver(byte[] b, int off, int len) throws IOException {
        try {
            received.write(b, off, len);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while delivering received bytes");
        }
    }
}
