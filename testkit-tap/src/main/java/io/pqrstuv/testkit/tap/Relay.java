package io.pqrstuv.testkit.tap;

import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.serial.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of the tap: a reader thread on {@code src} and a writer thread on {@code dst},
 * joined by an unbounded queue. The reader records what a {@link FrameTracker} sees and applies
 * queued faults. Bytes are queued at the end of each read, unchanged, unless a fault is armed;
 * then only the possible preamble (at most 15 bytes) and, for whole-frame faults, that one frame
 * are held back.
 */
final class Relay {
    /** Short, so that injections and gap timeouts are handled promptly on a quiet line. */
    static final Duration POLL = Duration.ofMillis(10);

    private record Injection(byte[] bytes, CompletableFuture<Void> done) {
    }

    /** What the reader hands the writer, in order: bytes, a pause, an injection, or the end. */
    private sealed interface Out {
    }

    private record Bytes(byte[] bytes) implements Out {
    }

    private record Pause(Duration delay) implements Out {
    }

    private record Inject(Injection injection) implements Out {
    }

    private record End() implements Out {
    }

    private final Direction direction;
    private final Link src;
    private final Link dst;
    private final TapRecording recording;
    private final CountDownLatch stop;
    private final Runnable onEnd;
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final Queue<Injection> injections = new ConcurrentLinkedQueue<>();
    private final FrameTracker tracker = new FrameTracker();
    private final WipingBytes out = new WipingBytes();
    private final WipingBytes held = new WipingBytes();
    private final WipingBytes frame = new WipingBytes();
    private final BlockingQueue<Out> outbound = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Thread writer;
    private Fault current = Fault.pass();
    private volatile Throwable failure;
    /** Line rate of what the writer puts on {@code dst}: nanoseconds per byte, 0 = as fast as it goes. */
    private volatile long nanosPerByte;
    /** When the simulated line is free again (writer thread only). */
    private long lineFreeAt;
    /** Line noise: the chance that a forwarded byte is corrupted, and the generator that decides it. */
    private volatile Noise noise = Noise.NONE;
    private final AtomicLong noisyBytes = new AtomicLong();
    private final AtomicLong forwardedBytes = new AtomicLong();

    /** Independent byte errors at a given rate, from a seeded generator (reproducible runs). */
    record Noise(double probability, SplittableRandom random) {
        static final Noise NONE = new Noise(0, null);
    }

    Relay(Direction direction, Link src, Link dst, TapRecording recording, CountDownLatch stop, Runnable onEnd) {
        this.direction = direction;
        this.src = src;
        this.dst = dst;
        this.recording = recording;
        this.stop = stop;
        this.onEnd = onEnd;
        this.reader = Thread.ofPlatform().daemon().name("icp-tap " + direction).unstarted(this::readLoop);
        this.writer = Thread.ofPlatform().daemon().name("icp-tap " + direction + " writer").unstarted(this::writeLoop);
    }

    void start() {
        writer.start();
        reader.start();
    }

    void join(Duration d) throws InterruptedException {
        for (Thread t : new Thread[] {reader, writer}) {
            if (Thread.currentThread() != t) {
                t.join(d);
            }
        }
    }

    /** The link failure that stopped this relay, or null. */
    Throwable failure() {
        return failure;
    }

    /** Paces the writer from now on; {@code nanosPerByte} 0 lifts the pacing. */
    void pace(long nanosPerByte) {
        this.nanosPerByte = nanosPerByte;
    }

    void noise(Noise n) {
        this.noise = n;
    }

    /** Bytes the noise corrupted so far. */
    long noisyBytes() {
        return noisyBytes.get();
    }

    /** Bytes written to {@code dst} so far (relayed and injected). */
    long forwardedBytes() {
        return forwardedBytes.get();
    }

    void addFault(Fault f) {
        faults.add(f);
    }

    void clearFaults() {
        faults.clear();
    }

    int pendingFaults() {
        return faults.size();
    }

    /** Queues bytes to write to {@code dst} between frames; completes once written. */
    CompletableFuture<Void> inject(byte[] bytes) {
        Injection i = new Injection(bytes.clone(), new CompletableFuture<>());
        injections.add(i);
        if (stopped()) {
            failInjections();
        }
        return i.done;
    }

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    /**
     * Reads and classifies; never writes. The writer thread writes, so this thread keeps draining
     * {@code src} even while {@code dst} is slow: a relay that stopped reading while blocked in a
     * write could deadlock with socat, which moves both directions of a pty pair in one thread.
     */
    private void readLoop() {
        byte[] buf = new byte[4096];
        try {
            while (!stopped()) {
                if (!tracker.inFrame()) {
                    queueInjections();
                }
                int n = src.read(buf, 0, buf.length, POLL);
                if (n < 0) {
                    break;
                }
                tracker.setNow(System.nanoTime());
                if (n == 0) {
                    onIdle();
                } else {
                    for (int i = 0; i < n; i++) {
                        onByte(buf[i]);
                    }
                    Arrays.fill(buf, 0, n, (byte) 0);
                }
                flush();
            }
        } catch (IOException | RuntimeException e) {
            if (!stopped()) {
                failure = e;
            }
        } finally {
            Arrays.fill(buf, (byte) 0);
            out.clear();
            held.clear();
            frame.clear();
            outbound.add(new End()); // the writer forwards what is queued, then cuts the cable
        }
    }

    private void writeLoop() {
        try {
            while (!stopped()) {
                Out item = outbound.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                switch (item) {
                    case null -> {
                    }
                    case Bytes(byte[] b) -> {
                        try {
                            addNoise(b);
                            writePaced(b);
                        } finally {
                            Arrays.fill(b, (byte) 0);
                        }
                    }
                    case Pause(Duration d) -> stop.await(d.toNanos(), TimeUnit.NANOSECONDS);
                    case Inject(Injection i) -> write(i);
                    case End e -> {
                        return;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!stopped() && failure == null) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wipeOutbound();
            failInjections();
            onEnd.run(); // one side gone: the whole "cable" is cut
        }
    }

    private void onByte(byte b) {
        FrameTracker.Step step = tracker.push(b);
        ReceiverEvent event = tracker.takeEvent();
        if (event instanceof ReceiverEvent.GapTimeout) {
            finishFrame(event); // the partial frame before b
            event = null;
        }
        recordGarbage();
        switch (step) {
            case HUNT -> hunt(b);
            case START -> startFrame(b);
            case IN_FRAME -> frameByte(b);
            case END -> {
                frameByte(b);
                finishFrame(event);
            }
        }
    }

    private void hunt(byte b) {
        if (armed()) {
            // b may begin a preamble: keep the last 15 bytes until we know.
            held.add(b);
            if (held.size() > FrameTracker.PREAMBLE_HOLD) {
                held.moveFirst(1, out);
            }
        } else {
            held.moveFirst(held.size(), out);
            out.add(b);
        }
    }

    private void startFrame(byte b) {
        Fault f = faults.peek();
        // A fault armed after part of this preamble went on waits for the next frame.
        if (f != null && (f == Fault.pass() || held.size() == FrameTracker.PREAMBLE_HOLD)) {
            faults.poll();
            current = f;
        } else {
            current = Fault.pass();
        }
        if (current instanceof Fault.Delay(Duration delay)) {
            flush();
            outbound.add(new Pause(delay)); // the writer waits; this thread goes on reading
        }
        held.moveFirst(held.size(), current.needsWholeFrame() ? frame : out);
        frameByte(b);
    }

    private void frameByte(byte b) {
        (current.needsWholeFrame() ? frame : out).add(b);
    }

    private void finishFrame(ReceiverEvent event) {
        Fault f = current;
        current = Fault.pass();
        long at = System.nanoTime();
        if (event instanceof ReceiverEvent.Payload(byte[] payload)) {
            recording.addFrame(direction, at, payload, f);
        } else {
            recording.addAnomaly(direction, at, event);
        }
        switch (f) {
            case Fault.Drop d -> frame.clear();
            case Fault.Corrupt c -> {
                int i = c.indexIn(frame.size());
                if (i >= 0) {
                    frame.xor(i, c.xorMask());
                }
                frame.moveFirst(frame.size(), out);
            }
            default -> {
            }
        }
    }

    private void onIdle() {
        tracker.idle();
        ReceiverEvent event = tracker.takeEvent();
        if (event != null) {
            finishFrame(event);
        }
        recordGarbage();
        // Held hunt bytes that can no longer start a preamble go on now.
        int keep = armed() ? FrameTracker.preamblePrefixAtEnd(held.array(), held.size()) : 0;
        held.moveFirst(held.size() - keep, out);
    }

    private void recordGarbage() {
        long g = tracker.takeGarbage();
        if (g > 0) {
            recording.addAnomaly(direction, System.nanoTime(), TapEntry.Anomaly.Kind.GARBAGE, g);
        }
    }

    private boolean armed() {
        Fault f = faults.peek();
        return f != null && f != Fault.pass();
    }

    private void flush() {
        if (!out.isEmpty()) {
            outbound.add(new Bytes(Arrays.copyOf(out.array(), out.size())));
            out.clear();
        }
    }

    /** Called between frames only, so injected bytes never land inside a relayed frame. */
    private void queueInjections() {
        Injection i;
        while ((i = injections.poll()) != null) {
            outbound.add(new Inject(i));
        }
    }

    /** Line noise on relayed bytes (after recording: the recording keeps what the sender sent). */
    private void addNoise(byte[] b) {
        Noise n = noise;
        if (n.probability() <= 0) {
            return;
        }
        for (int i = 0; i < b.length; i++) {
            if (n.random().nextDouble() < n.probability()) {
                b[i] ^= (byte) (1 + n.random().nextInt(255)); // never 0: the byte does change
                noisyBytes.incrementAndGet();
            }
        }
    }

    /**
     * Writes as a UART of the set rate would put the bytes on the line: byte k of a burst no earlier
     * than its own ten bit-times after the burst's start (the line's previous end, or now when it
     * was idle), so lateness of this thread never accumulates. Unpaced: one write.
     */
    private void writePaced(byte[] b) throws IOException, InterruptedException {
        long period = nanosPerByte;
        if (period == 0) {
            dst.write(b);
            forwardedBytes.addAndGet(b.length);
            return;
        }
        long start = Math.max(lineFreeAt, System.nanoTime() - period);
        int sent = 0;
        try {
            while (sent < b.length) {
                long due = Math.min(b.length, (System.nanoTime() - start) / period);
                if (due <= sent) {
                    LockSupport.parkNanos(start + (sent + 1) * period - System.nanoTime());
                    if (stopped()) {
                        throw new InterruptedException("the tap is closing");
                    }
                    continue;
                }
                dst.write(b, sent, (int) (due - sent));
                forwardedBytes.addAndGet(due - sent);
                sent = (int) due;
            }
        } finally {
            lineFreeAt = start + sent * period;
        }
    }

    private void write(Injection i) throws IOException, InterruptedException {
        try {
            writePaced(i.bytes);
            recording.addInjection(direction, System.nanoTime(), i.bytes.length);
            i.done.complete(null);
        } catch (IOException e) {
            i.done.completeExceptionally(e);
            throw e;
        } catch (InterruptedException e) {
            i.done.completeExceptionally(new IOException("the tap is closed"));
            throw e;
        } finally {
            Arrays.fill(i.bytes, (byte) 0);
        }
    }

    private void wipeOutbound() {
        Out item;
        while ((item = outbound.poll()) != null) {
            switch (item) {
                case Bytes(byte[] b) -> Arrays.fill(b, (byte) 0);
                case Inject(Injection i) -> {
                    Arrays.fill(i.bytes, (byte) 0);
                    i.done.completeExceptionally(new IOException("the tap is closed"));
                }
                default -> {
                }
            }
        }
    }

    private void failInjections() {
        Injection i;
        while ((i = injections.poll()) != null) {
            Arrays.fill(i.bytes, (byte) 0);
            i.done.completeExceptionally(new IOException("the tap is closed"));
        }
    }
}
