package io.pqrstuv.storage.server;

import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.Link;
import io.pqrstuv.storage.command.CommandProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Binds a {@link CommandProcessor} to a link: reads bytes, frames them with the D-1 receiver and
 * answers every frame before reading further, strictly in arrival order on one thread. Frames sent
 * while a command runs wait in the link (the kernel tty buffer or the pipe): the link is the queue.
 *
 * <p>The receiver's 2-second gap timer runs on a clock that stops while a command is processed:
 * bytes that queued up meanwhile arrived without a gap, whatever the command's duration.
 */
public final class StorageModuleServer implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long HOUSEKEEPING_NANOS = Duration.ofSeconds(1).toNanos();

    private final Link link;
    private final CommandProcessor processor;
    private final FrameReceiver receiver;
    private final byte[] buffer = new byte[8192];
    private volatile boolean running = true;
    private long pausedNanos;
    private long lastHousekeeping = System.nanoTime();

    public StorageModuleServer(Link link, CommandProcessor processor) {
        this.link = Objects.requireNonNull(link);
        this.processor = Objects.requireNonNull(processor);
        this.receiver = new FrameReceiver(this::onEvent, () -> System.nanoTime() - pausedNanos,
                FrameReceiver.DEFAULT_GAP_TIMEOUT);
    }

    /** Serves until {@link #stop()} or until the link closes. */
    public void serve() throws IOException {
        while (running) {
            int n = link.read(buffer, 0, buffer.length, POLL);
            if (n < 0) {
                break;
            }
            try {
                if (n > 0) {
                    receiver.feed(buffer, 0, n);
                } else {
                    receiver.checkGap();
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                Arrays.fill(buffer, 0, Math.max(n, 0), (byte) 0);
            }
            long now = System.nanoTime();
            if (now - lastHousekeeping >= HOUSEKEEPING_NANOS) {
                lastHousekeeping = now;
                processor.housekeeping();
            }
        }
    }

    /** Asks {@link #serve()} to return after the frame in progress; the caller closes the link. */
    public void stop() {
        running = false;
    }

    private void onEvent(ReceiverEvent event) {
        long start = System.nanoTime();
        ResponsePayload response = event instanceof ReceiverEvent.Payload p
                ? processor.process(p.payload())
                : CommandProcessor.framingReply(event);
        byte[] frame = Frames.encode(response.encode());
        try {
            link.write(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Arrays.fill(frame, (byte) 0);
            Arrays.fill(response.data(), (byte) 0);
            pausedNanos += System.nanoTime() - start;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        link.close();
    }
}
