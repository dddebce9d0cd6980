package io.pqrstuv.operation.support;

import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.serial.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps the operation module's end of the link and checks the ICP discipline from the wire's
 * point of view: a request frame is only ever written when every earlier request has had its
 * reply (no two commands in flight, ECP-NET-10), and counts frames in each direction.
 */
public final class TapLink implements Link {
    private final Link inner;
    private final FrameReceiver requests;
    private final FrameReceiver replies;
    private final AtomicInteger requestFrames = new AtomicInteger();
    private final AtomicInteger replyFrames = new AtomicInteger();
    private final AtomicInteger violations = new AtomicInteger();
    private volatile int outstanding;

    public TapLink(Link inner) {
        this.inner = inner;
        this.requests = new FrameReceiver(this::onRequest);
        this.replies = new FrameReceiver(this::onReply);
    }

    private void onRequest(ReceiverEvent e) {
        requestFrames.incrementAndGet();
        if (outstanding != 0) {
            violations.incrementAndGet();
        }
        outstanding++;
    }

    private void onReply(ReceiverEvent e) {
        replyFrames.incrementAndGet();
        outstanding = Math.max(0, outstanding - 1);
    }

    public int requestFrames() {
        return requestFrames.get();
    }

    public int replyFrames() {
        return replyFrames.get();
    }

    /** Request frames written while an earlier one still waited for its reply. */
    public int violations() {
        return violations.get();
    }

    /** A reply that never came (timeout) frees the line from the tap's point of view too. */
    public void forgetOutstanding() {
        outstanding = 0;
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        int n = inner.read(buf, off, len, timeout);
        if (n > 0) {
            synchronized (replies) {
                replies.feed(buf, off, n);
            }
        }
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        synchronized (requests) {
            requests.feed(buf, off, len);
        }
        inner.write(buf, off, len);
    }

    @Override
    public String describe() {
        return "tap(" + inner.describe() + ")";
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
