package io.pqrstuv.icp.frame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A receiver wired to a list of its events and to a hand-driven clock. */
final class Recorder implements Consumer<ReceiverEvent> {
    final List<ReceiverEvent> events = new ArrayList<>();
    long nanos = 1_000_000_000L;
    final FrameReceiver receiver = new FrameReceiver(this, () -> nanos, Duration.ofSeconds(2));

    @Override
    public void accept(ReceiverEvent e) {
        events.add(e);
    }

    void advance(Duration d) {
        nanos += d.toNanos();
    }

    /** Feeds {@code bytes} in chunks of {@code chunk} bytes (the last may be shorter). */
    void feed(byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            receiver.feed(bytes, i, Math.min(chunk, bytes.length - i));
        }
    }

    void feed(byte[] bytes) {
        receiver.feed(bytes);
    }

    List<byte[]> payloads() {
        return events.stream()
                .filter(ReceiverEvent.Payload.class::isInstance)
                .map(e -> ((ReceiverEvent.Payload) e).payload())
                .toList();
    }
}
