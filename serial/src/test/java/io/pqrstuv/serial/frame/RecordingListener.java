package io.pqrstuv.serial.frame;

import io.pqrstuv.icp.frame.ReceiverEvent;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects a channel's events and its close cause for assertions. */
class RecordingListener implements FrameListener {
    final BlockingQueue<ReceiverEvent> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    @Override
    public void onEvent(FrameChannel channel, ReceiverEvent event) {
        events.add(event);
    }

    @Override
    public void onClosed(FrameChannel channel, Throwable cause) {
        closed.complete(cause);
    }

    ReceiverEvent next(Duration within) throws InterruptedException {
        ReceiverEvent e = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + within);
        }
        return e;
    }

    byte[] nextPayload(Duration within) throws InterruptedException {
        ReceiverEvent e = next(within);
        if (!(e instanceof ReceiverEvent.Payload(byte[] payload))) {
            throw new AssertionError("expected a payload, got " + e);
        }
        return payload;
    }
}
