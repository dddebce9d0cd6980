package io.pqrstuv.storage.server;

import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.frame.FrameReader;
import io.pqrstuv.storage.command.CommandProcessor;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Binds a {@link CommandProcessor} to a link: reads frames with the shared read loop
 * ({@link FrameReader}, D-1) and answers every frame before reading further, strictly in arrival
 * order on one thread. Frames sent while a command runs wait in the link (the kernel tty buffer or
 * the pipe): the link is the queue.
 *
 * <p>The reader's clock stops while a command is processed, so the 2-second gap rule sees the
 * bytes that queued up meanwhile as arriving without a gap, whatever the command's duration.
 */
public final class StorageModuleServer implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long HOUSEKEEPING_NANOS = Duration.ofSeconds(1).toNanos();

    private final Link link;
    private final CommandProcessor processor;
    private final FrameReader frames;
    private volatile boolean running = true;
    private long pausedNanos;
    private long lastHousekeeping = System.nanoTime();

    public StorageModuleServer(Link link, CommandProcessor processor) {
        this.link = Objects.requireNonNull(link);
        this.processor = Objects.requireNonNull(processor);
        this.frames = new FrameReader(link, this::moduleNanos, FrameReceiver.DEFAULT_GAP_TIMEOUT, POLL, 8192);
    }

    /** Real time minus the time spent processing commands. */
    private long moduleNanos() {
        return System.nanoTime() - pausedNanos;
    }

    /** Serves until {@link #stop()} or until the link closes. */
    public void serve() throws IOException {
        while (running) {
            long housekeepingDue = lastHousekeeping + HOUSEKEEPING_NANOS;
            ReceiverEvent event;
            try {
                // Reads of one poll each until housekeeping is due; a stop() ends the wait after the
                // read in progress (the deadline is asked again before every read).
                event = frames.next(() -> running ? moduleNanos() + Math.max(0, housekeepingDue - System.nanoTime())
                        : moduleNanos());
            } catch (EOFException e) {
                break;
            }
            if (event != null) {
                answer(event);
            }
            long now = System.nanoTime();
            if (now - lastHousekeeping >= HOUSEKEEPING_NANOS) {
                lastHousekeeping = now;
                processor.housekeeping();
            }
        }
        frames.dropPendingEvents();
    }

    /** Asks {@link #serve()} to return after the frame in progress; the caller closes the link. */
    public void stop() {
        running = false;
    }

    private void answer(ReceiverEvent event) throws IOException {
        long start = System.nanoTime();
        ResponsePayload response = event instanceof ReceiverEvent.Payload p
                ? processor.process(p.payload())
                : CommandProcessor.framingReply(event);
        byte[] payload = response.encode();
        byte[] frame = Frames.encode(payload);
        Arrays.fill(payload, (byte) 0);
        try {
            link.write(frame);
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
