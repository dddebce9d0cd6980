package io.pqrstuv.serial.frame;

import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.serial.Link;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ICP frames over a {@link Link} with a thread of their own: a reader thread runs the shared read
 * loop ({@link FrameReader}) and hands each event to a {@link FrameListener}; {@link #send} writes
 * whole frames, never interleaved. For peers that react to frames as they come (test peers, the
 * emulators); the two modules drive a {@link FrameReader} from their own threads.
 *
 * <p>Listener callbacks run on the reader thread and may call {@link #send} and {@link #close}.
 */
public final class FrameChannel implements AutoCloseable {
    /** How long one read may block when no frame is in progress. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(50);
    private static final long MIN_POLL_NANOS = 1_000_000;

    private final Link link;
    private final FrameListener listener;
    private final FrameReader frames;
    private final long pollNanos;
    private final Object sendLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread reader;

    private FrameChannel(Link link, FrameListener listener, Duration gapTimeout, Duration poll) {
        this.link = Objects.requireNonNull(link, "link");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pollNanos = Math.max(MIN_POLL_NANOS, poll.toNanos());
        this.frames = new FrameReader(link, System::nanoTime, gapTimeout, Duration.ofNanos(pollNanos), 4096);
        this.reader = Thread.ofPlatform().daemon().name("icp-reader " + link.describe()).unstarted(this::readLoop);
    }

    /** Starts reading {@code link} with the ICP 2 s gap timeout. */
    public static FrameChannel start(Link link, FrameListener listener) {
        return start(link, listener, FrameReceiver.DEFAULT_GAP_TIMEOUT, DEFAULT_POLL);
    }

    public static FrameChannel start(Link link, FrameListener listener, Duration gapTimeout, Duration poll) {
        FrameChannel channel = new FrameChannel(link, listener, gapTimeout, poll);
        channel.reader.start();
        return channel;
    }

    /**
     * Encodes {@code payload} as one ICP frame and writes it whole; concurrent senders are
     * serialised frame by frame. The frame copy is wiped afterwards (payloads may hold secrets).
     *
     * @throws IllegalArgumentException if the payload exceeds {@link Frames#MAX_PAYLOAD}
     * @throws IOException if the channel is closed or the link fails
     */
    public void send(byte[] payload) throws IOException {
        byte[] frame = Frames.encode(payload);
        try {
            synchronized (sendLock) {
                if (closed.get()) {
                    throw new IOException("frame channel on " + link.describe() + " is closed");
                }
                link.write(frame);
            }
        } finally {
            Arrays.fill(frame, (byte) 0);
        }
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** The link description, never secret. */
    public String describe() {
        return link.describe();
    }

    /** Stops the reader and closes the link. Safe to call from a listener and more than once. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            link.close();
        } finally {
            if (Thread.currentThread() != reader) {
                try {
                    reader.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void readLoop() {
        Throwable cause = null;
        try {
            while (!closed.get()) {
                // Returns at least once per poll interval, so a close() is noticed on time.
                ReceiverEvent event = frames.next(System.nanoTime() + pollNanos);
                if (event != null) {
                    listener.onEvent(this, event);
                }
            }
        } catch (EOFException e) {
            if (!closed.get()) {
                cause = new EOFException("peer hung up on " + link.describe());
            }
        } catch (IOException | RuntimeException e) {
            // A link failure, or a listener that threw: either way the channel cannot go on safely.
            if (!closed.get()) {
                cause = e;
            }
        } finally {
            frames.dropPendingEvents();
            boolean wasOpen = closed.compareAndSet(false, true);
            if (wasOpen) {
                try {
                    link.close();
                } catch (IOException | RuntimeException ignored) {
                    // already failing; the cause below is what matters
                }
            }
            listener.onClosed(this, cause);
        }
    }
}
