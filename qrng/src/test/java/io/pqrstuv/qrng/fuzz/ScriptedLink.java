package io.pqrstuv.qrng.fuzz;

import io.pqrstuv.qrng.error.QccDisconnectedException;
import io.pqrstuv.qrng.transport.QccTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * An in-memory link whose device side is a script: each frame the host writes releases the next
 * scripted reply, which the host then reads in chunks of at most {@link #chunk} bytes. When nothing
 * is left to read, a read returns 0 at once (as if its deadline had passed), so a fuzz input never
 * waits for real time. Bytes may also arrive unasked ({@link #arrive}), as stale data does.
 */
final class ScriptedLink implements QccTransport {
    private final Deque<byte[]> replies = new ArrayDeque<>();
    private final List<byte[]> written = new ArrayList<>();
    private final ByteArrayOutputStream consumed = new ByteArrayOutputStream();
    private byte[] pending = new byte[0];
    private int pendingOff;
    private boolean closed;
    int chunk = 64;

    /** The reply the device sends to the next frame written (empty: it stays silent). */
    void script(byte[] reply) {
        replies.add(reply);
    }

    /** Bytes that arrive now, before any command: stale data on the line. */
    void arrive(byte[] bytes) {
        append(bytes);
    }

    /** What the host read since its last write. */
    byte[] consumedSinceWrite() {
        return consumed.toByteArray();
    }

    List<byte[]> written() {
        return written;
    }

    int unread() {
        return pending.length - pendingOff;
    }

    void clearScript() {
        replies.clear();
    }

    private void append(byte[] bytes) {
        byte[] next = Arrays.copyOf(Arrays.copyOfRange(pending, pendingOff, pending.length), unread() + bytes.length);
        System.arraycopy(bytes, 0, next, unread(), bytes.length);
        pending = next;
        pendingOff = 0;
    }

    @Override
    public void write(byte[] frame) throws QccDisconnectedException {
        if (closed) {
            throw new QccDisconnectedException("scripted link closed");
        }
        written.add(frame.clone());
        consumed.reset();
        byte[] reply = replies.poll();
        if (reply != null) {
            append(reply);
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, long deadlineNanos) throws QccDisconnectedException {
        if (closed) {
            throw new QccDisconnectedException("scripted link closed");
        }
        int n = Math.min(Math.min(len, unread()), chunk);
        System.arraycopy(pending, pendingOff, buf, off, n);
        consumed.write(pending, pendingOff, n);
        pendingOff += n;
        return n;
    }

    @Override
    public long discardInput() {
        long n = unread();
        pendingOff = pending.length;
        return n;
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public void close() {
        closed = true;
    }
}
