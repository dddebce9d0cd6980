package io.pqrstuv.serial.frame;

import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.serial.Link;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The one ICP read loop over a {@link Link}, for both modules: bytes go through the D-1
 * {@link FrameReceiver} and come out as events, one per call to {@link #next}, in order.
 *
 * <p>Each read blocks at most the poll interval, never past the caller's deadline, and wakes up
 * right when a partial frame's gap timeout expires ({@link FrameReceiver#nanosUntilGapTimeout()}
 * + 1 ms), so the D-1 {@code GapTimeout} is reported on time whatever the poll interval. An empty
 * read calls {@link FrameReceiver#checkGap()}.
 *
 * <p>Time comes from one injectable nanosecond clock, used for the receiver's gap rule and for
 * deadlines alike: the storage module passes a clock that stops while it processes a command.
 * The deadline is asked again before every read ({@link #next(LongSupplier)}), so a caller can let
 * it follow the line (first byte, then the frame's length at the line rate: issue 15).
 *
 * <p>Not thread-safe: one thread reads. Read bytes are wiped from the buffer once framed; the
 * payload of a {@link ReceiverEvent.Payload} belongs to the caller, who wipes it.
 */
public final class FrameReader {
    private static final long GAP_WAKE_MARGIN_NANOS = 1_000_000;

    private final Link link;
    private final LongSupplier clock;
    private final FrameReceiver receiver;
    private final long pollNanos;
    private final ArrayDeque<ReceiverEvent> events = new ArrayDeque<>(2);
    private final byte[] buffer;
    private long bytesRead;

    /**
     * @param nanoClock monotonic clock in nanoseconds for the gap rule and for deadlines
     * @param gapTimeout longest silence allowed inside a frame (D-1: {@link FrameReceiver#DEFAULT_GAP_TIMEOUT})
     * @param poll longest single read while no frame is in progress
     */
    public FrameReader(Link link, LongSupplier nanoClock, Duration gapTimeout, Duration poll, int bufferSize) {
        this.link = Objects.requireNonNull(link, "link");
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.receiver = new FrameReceiver(events::add, nanoClock, gapTimeout);
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive");
        }
        this.pollNanos = poll.toNanos();
        this.buffer = new byte[bufferSize];
    }

    /** A reader on the system clock with the D-1 gap timeout and an 8 KiB buffer. */
    public FrameReader(Link link, Duration poll) {
        this(link, System::nanoTime, FrameReceiver.DEFAULT_GAP_TIMEOUT, poll, 8192);
    }

    /**
     * The next event, reading the link as needed, or null if {@code deadlineNanos} (on this
     * reader's clock) passes first. Events already framed are returned without reading.
     *
     * @throws EOFException when the link is closed or its peer hung up
     * @throws IOException when the link fails
     */
    public ReceiverEvent next(long deadlineNanos) throws IOException {
        return next(() -> deadlineNanos);
    }

    /** As {@link #next(long)}, with a deadline asked for again before every read. */
    public ReceiverEvent next(LongSupplier deadlineNanos) throws IOException {
        while (events.isEmpty()) {
            long left = deadlineNanos.getAsLong() - clock.getAsLong();
            if (left <= 0) {
                return null;
            }
            int n = link.read(buffer, 0, buffer.length, Duration.ofNanos(readTimeout(left)));
            if (n < 0) {
                throw new EOFException("link " + link.describe() + " closed");
            }
            if (n == 0) {
                receiver.checkGap();
                continue;
            }
            bytesRead += n;
            try {
                receiver.feed(buffer, 0, n);
            } finally {
                Arrays.fill(buffer, 0, n, (byte) 0); // frames may carry keys and secrets
            }
        }
        return events.poll();
    }

    /** Poll, but never past the deadline, and wake up right when a partial frame's gap expires. */
    private long readTimeout(long left) {
        long wait = Math.min(left, pollNanos);
        long gap = receiver.nanosUntilGapTimeout();
        if (gap >= 0) {
            wait = Math.min(wait, Math.max(GAP_WAKE_MARGIN_NANOS, gap + GAP_WAKE_MARGIN_NANOS));
        }
        return wait;
    }

    /** Reads and wipes whatever is waiting on the link right now, without framing it. */
    public void discardWaitingBytes() throws IOException {
        int n;
        while ((n = link.read(buffer, 0, buffer.length, Duration.ZERO)) > 0) {
            Arrays.fill(buffer, 0, n, (byte) 0);
        }
    }

    /** Drops events framed but not yet taken, wiping their payloads. */
    public void dropPendingEvents() {
        ReceiverEvent e;
        while ((e = events.poll()) != null) {
            if (e instanceof ReceiverEvent.Payload(byte[] payload)) {
                Arrays.fill(payload, (byte) 0);
            }
        }
    }

    /** True while a frame has started but not finished. */
    public boolean inFrame() {
        return receiver.inFrame();
    }

    /**
     * The payload length the frame in progress declared, or -1 before its length field is complete
     * (and outside a frame): see {@link FrameReceiver#declaredLength()}.
     */
    public long frameLength() {
        return receiver.declaredLength();
    }

    /** Bytes read from the link so far. */
    public long bytesRead() {
        return bytesRead;
    }

    public Link link() {
        return link;
    }
}
