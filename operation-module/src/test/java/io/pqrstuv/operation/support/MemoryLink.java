package io.pqrstuv.operation.support;

import io.pqrstuv.serial.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One end of an in-memory duplex link for tests (no line rate). */
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

    /** Two connected ends: [0] for the operation module, [1] for the storage side. */
    public static MemoryLink[] pair() {
        LinkedBlockingQueue<byte[]> a = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<byte[]> b = new LinkedBlockingQueue<>();
        return new MemoryLink[] {new MemoryLink(a, b, "memory:a"), new MemoryLink(b, a, "memory:b")};
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        if (closed) {
            return -1;
        }
        if (pending == null) {
            try {
                pending = timeout.isZero() ? in.poll() : in.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            pendingOff = 0;
            if (pending == null) {
                return 0;
            }
            if (pending == EOF) {
                in.add(EOF);
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
        out.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            out.add(EOF);
        }
    }
}
