package io.pqrstuv.serial;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded single-direction byte buffer with blocking reads (with timeout) and blocking writes.
 * The writer side can be shut down (the reader drains what is left, then sees end of stream) and
 * the reader side can be shut down (the writer then fails, like a broken pipe).
 */
final class ByteRing {
    private final byte[] buf;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int head;
    private int count;
    private boolean writerClosed;
    private boolean readerClosed;

    ByteRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        buf = new byte[capacity];
    }

    /** Returns bytes read, 0 on timeout, or -1 when the writer has closed and the ring is drained. */
    int read(byte[] b, int off, int len, long timeoutNanos) throws InterruptedException {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lockInterruptibly();
        try {
            long left = timeoutNanos;
            while (count == 0) {
                if (readerClosed || writerClosed) {
                    return -1;
                }
                if (len == 0 || left <= 0) {
                    return 0;
                }
                left = notEmpty.awaitNanos(left);
            }
            if (readerClosed) {
                return -1;
            }
            int n = Math.min(len, count);
            int first = Math.min(n, buf.length - head);
            System.arraycopy(buf, head, b, off, first);
            System.arraycopy(buf, 0, b, off + first, n - first);
            wipe(head, first);
            wipe(0, n - first);
            head = (head + n) % buf.length;
            count -= n;
            notFull.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Writes all bytes, blocking while the ring is full. */
    void write(byte[] b, int off, int len) throws IOException, InterruptedException {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lockInterruptibly();
        try {
            int done = 0;
            while (done < len) {
                while (count == buf.length && !readerClosed && !writerClosed) {
                    notFull.await();
                }
                if (writerClosed) {
                    throw new IOException("link is closed");
                }
                if (readerClosed) {
                    throw new IOException("peer closed the link");
                }
                int tail = (head + count) % buf.length;
                int n = Math.min(len - done, Math.min(buf.length - count, buf.length - tail));
                System.arraycopy(b, off + done, buf, tail, n);
                count += n;
                done += n;
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** No more bytes will be written; the reader gets what is buffered, then -1. */
    void closeWriter() {
        lock.lock();
        try {
            writerClosed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Nobody will read any more: buffered bytes are wiped and writers fail. */
    void closeReader() {
        lock.lock();
        try {
            readerClosed = true;
            wipe(0, buf.length);
            count = 0;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of frames may be secret: do not leave them behind in the ring. */
    private void wipe(int from, int n) {
        Arrays.fill(buf, from, from + n, (byte) 0);
    }
}
