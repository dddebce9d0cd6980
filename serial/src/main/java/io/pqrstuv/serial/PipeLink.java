package io.pqrstuv.serial;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * One end of an in-memory duplex pipe. Each direction is a bounded buffer: writers block while
 * it is full, readers block up to their timeout while it is empty. Closing one end makes the
 * peer read what was already written and then -1; the peer's writes then fail.
 */
public final class PipeLink implements Link {
    /** Larger than the biggest ICP frame, so a whole frame never blocks on an idle reader. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    /** The two connected ends. */
    public record Pair(PipeLink a, PipeLink b) implements AutoCloseable {
        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    private final String name;
    private final ByteRing in;
    private final ByteRing out;
    private final Object writeLock = new Object();

    private PipeLink(String name, ByteRing in, ByteRing out) {
        this.name = name;
        this.in = in;
        this.out = out;
    }

    public static Pair pair() {
        return pair(DEFAULT_CAPACITY);
    }

    /** A connected pair whose buffers hold {@code capacity} bytes in each direction. */
    public static Pair pair(int capacity) {
        ByteRing aToB = new ByteRing(capacity);
        ByteRing bToA = new ByteRing(capacity);
        return new Pair(new PipeLink("pipe:a", bToA, aToB), new PipeLink("pipe:b", aToB, bToA));
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        long nanos = Timeouts.nanos(timeout);
        try {
            return in.read(buf, off, len, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + name);
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        synchronized (writeLock) { // one write call stays contiguous even when it blocks midway
            try {
                out.write(buf, off, len);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing " + name);
            }
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        in.closeReader();
        out.closeWriter();
    }

    @Override
    public String toString() {
        return describe();
    }
}
