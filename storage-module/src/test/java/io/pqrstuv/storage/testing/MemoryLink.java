package io.pqrstuv.storage.testing;

import io.pqrstuv.serial.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One end of an in-memory duplex pipe (test stand-in until the serial module's PipeLink is on main). */
public final class MemoryLink implements Link {
    private static final byte[] EOF = new byte[0];

    private final LinkedBlockingQueue<byte[]> in;
    private final LinkedBlockingQueue<byte[]> out;
    private final String name;
    private byte[] pending;
    private int pendingOff;
    private volatile boolean closed;

    private MemoryLink(LinkedBlockingQueue<byte[]> in, LinkedBlockingQueue<byte[]> out, String name) {
        this.in = in;
        this.out = out;
        this.name = name;
    }

    /** Two connected ends. */
    public static MemoryLink[] pair() {
        LinkedBlockingQueue<byte[]> ab = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<byte[]> ba = new LinkedBlockingQueue<>();
        return new MemoryLink[] {new MemoryLink(ba, ab, "memory:a"), new MemoryLink(ab, ba, "memory:b")};
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        if (closed) {
            return -1;
        }
        if (pending == null) {
            try {
                pending = in.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            pendingOff = 0;
            if (pending == null) {
                return 0;
            }
            if (pending == EOF) {
                in.offer(EOF);
                pending = null;
                return -1;
            }
        }
        int n = Math.min(len, pending.length - pendingOff);
        System.arraycopy(pending, pendingOff, buf, off, n);
        pendingOff += n;
        if (pendingOff == pending.length) {
            pending = null;
        }
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        out.offer(copy);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            out.offer(EOF);
        }
    }
}
