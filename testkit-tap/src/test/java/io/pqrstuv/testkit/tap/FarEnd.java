package io.pqrstuv.testkit.tap;

import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.serial.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A module-side receiver for assertions: a thread reads the link into a {@link FrameReceiver}
 * and queues each event with the time it arrived. Does not own the link.
 */
final class FarEnd implements AutoCloseable {
    record Arrival(ReceiverEvent event, long atNanos) {
    }

    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final Link link;
    private final Thread reader;
    private volatile boolean stop;
    private long now;

    FarEnd(Link link) {
        this.link = link;
        FrameReceiver receiver = new FrameReceiver(e -> arrivals.add(new Arrival(e, now)));
        this.reader = Thread.ofPlatform().daemon().name("far-end " + link.describe()).start(() -> {
            byte[] buf = new byte[4096];
            try {
                while (!stop) {
                    int n = link.read(buf, 0, buf.length, Transport.PRIMING_TIMEOUT);
                    if (n < 0) {
                        return;
                    }
                    now = System.nanoTime();
                    if (n == 0) {
                        receiver.checkGap();
                    } else {
                        receiver.feed(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // link closed under us: the test is over
            }
        });
    }

    Arrival next(Duration within) throws InterruptedException {
        Arrival a = arrivals.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (a == null) {
            throw new AssertionError("nothing arrived at " + link.describe() + " within " + within);
        }
        return a;
    }

    byte[] nextPayload(Duration within) throws InterruptedException {
        ReceiverEvent e = next(within).event();
        if (!(e instanceof ReceiverEvent.Payload(byte[] p))) {
            throw new AssertionError("expected a payload, got " + e);
        }
        return p;
    }

    /** Asserts nothing arrives for {@code quiet}. */
    void expectNothing(Duration quiet) throws InterruptedException {
        Arrival a = arrivals.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (a != null) {
            throw new AssertionError("expected silence, got " + a.event());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        reader.join(Duration.ofSeconds(2));
    }
}
