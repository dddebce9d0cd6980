package io.pqrstuv.testkit.tap;

import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.Links;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An ICP man-in-the-middle for black-box tests: relays bytes between the operation-module side
 * and the storage-module side, records every frame and framing anomaly in both directions
 * ({@link #recording()}), and injects faults into chosen frames.
 *
 * <pre>{@code
 * try (IcpTap tap = IcpTap.overSocatPtys()) {
 *     // operation module opens tap.operationModuleDevice(), storage module tap.storageModuleDevice()
 *     tap.corruptNext(Direction.TO_OPERATION, Fault.corruptPayload(0));
 *     ... make an HTTPS call ...
 *     tap.recording().awaitResponses(1, Duration.ofSeconds(5));
 *     tap.recording().assertStrictlyAlternating();
 * }
 * }</pre>
 *
 * Closing stops both relays, closes the tap's links and whatever the factory created (socat
 * processes, pipe ends). If either side hangs up, the tap closes itself like a cut cable.
 */
public final class IcpTap implements AutoCloseable {
    private static final Duration JOIN = Duration.ofSeconds(5);

    private final Link operationSide;
    private final Link storageSide;
    private final List<AutoCloseable> owned;
    private final TapRecording recording = new TapRecording();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Relay toStorage;
    private final Relay toOperation;
    private Path operationModuleDevice;
    private Path storageModuleDevice;
    private Link operationModuleLink;
    private Link storageModuleLink;

    private IcpTap(Link operationSide, Link storageSide, List<AutoCloseable> owned) {
        this.operationSide = Objects.requireNonNull(operationSide, "operationSide");
        this.storageSide = Objects.requireNonNull(storageSide, "storageSide");
        this.owned = owned;
        this.toStorage = new Relay(Direction.TO_STORAGE, operationSide, storageSide, recording, stop, this::cutQuietly);
        this.toOperation = new Relay(Direction.TO_OPERATION, storageSide, operationSide, recording, stop, this::cutQuietly);
    }

    /**
     * A tap between two links it now owns: {@code operationSide} leads to the operation module,
     * {@code storageSide} to the storage module.
     */
    public static IcpTap between(Link operationSide, Link storageSide) {
        return new IcpTap(operationSide, storageSide, List.of()).start();
    }

    /**
     * Two socat pty pairs with the tap in the middle: the operation module opens
     * {@link #operationModuleDevice()} (pair A end 1), the tap uses A end 2 and B end 1, and the
     * storage module opens {@link #storageModuleDevice()} (pair B end 2).
     */
    public static IcpTap overSocatPtys() throws IOException {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            SocatPtyPair a = SocatPtyPair.start();
            owned.add(a);
            SocatPtyPair b = SocatPtyPair.start();
            owned.add(b);
            Link om = Links.open(a.b().toString());
            owned.add(om);
            Link sm = Links.open(b.a().toString());
            owned.add(sm);
            IcpTap tap = new IcpTap(om, sm, List.of(b, a));
            tap.operationModuleDevice = a.a();
            tap.storageModuleDevice = b.b();
            return tap.start();
        } catch (IOException | RuntimeException e) {
            closeAll(owned.reversed());
            throw e;
        }
    }

    /**
     * Two in-memory pipes with the tap in the middle: the operation module uses
     * {@link #operationModuleLink()}, the storage module {@link #storageModuleLink()}.
     */
    public static IcpTap overPipes() {
        PipeLink.Pair a = PipeLink.pair();
        PipeLink.Pair b = PipeLink.pair();
        IcpTap tap = new IcpTap(a.b(), b.a(), List.of(a, b));
        tap.operationModuleLink = a.a();
        tap.storageModuleLink = b.b();
        return tap.start();
    }

    private IcpTap start() {
        toStorage.start();
        toOperation.start();
        return this;
    }

    public TapRecording recording() {
        return recording;
    }

    /** The pty the operation module opens ({@link #overSocatPtys()} only). */
    public Path operationModuleDevice() {
        return require(operationModuleDevice, "overSocatPtys");
    }

    /** The pty the storage module opens ({@link #overSocatPtys()} only). */
    public Path storageModuleDevice() {
        return require(storageModuleDevice, "overSocatPtys");
    }

    /** The link the operation module uses ({@link #overPipes()} only). */
    public Link operationModuleLink() {
        return require(operationModuleLink, "overPipes");
    }

    /** The link the storage module uses ({@link #overPipes()} only). */
    public Link storageModuleLink() {
        return require(storageModuleLink, "overPipes");
    }

    private static <T> T require(T value, String factory) {
        if (value == null) {
            throw new IllegalStateException("only a tap made by " + factory + "() has this end");
        }
        return value;
    }

    /**
     * Queues faults for the next frames in {@code d}, one per frame in order; use
     * {@link Fault#pass()} to let a frame through. Returns this tap for chaining.
     */
    public IcpTap script(Direction d, Fault... faults) {
        for (Fault f : faults) {
            relay(d).addFault(Objects.requireNonNull(f));
        }
        return this;
    }

    /** Corrupts one byte of the next frame in {@code d} (a {@link Fault.Corrupt}). */
    public IcpTap corruptNext(Direction d, Fault corrupt) {
        if (!(corrupt instanceof Fault.Corrupt)) {
            throw new IllegalArgumentException("not a corruption: " + corrupt);
        }
        return script(d, corrupt);
    }

    /** XORs the byte at {@code frameOffset} (negative: from the end) of the next frame with 0xFF. */
    public IcpTap corruptNext(Direction d, int frameOffset) {
        return script(d, Fault.corrupt(frameOffset));
    }

    public IcpTap dropNext(Direction d) {
        return script(d, Fault.drop());
    }

    public IcpTap delayNext(Direction d, Duration delay) {
        return script(d, Fault.delay(delay));
    }

    /**
     * Makes the tap a line of {@code rate} from now on: in both directions it writes each byte no
     * earlier than the line would carry it (10 bit-times per byte, 8N1), after any fault. Between
     * modules on unpaced ptys this is the whole line's timing: a module's write returns at once, the
     * far module receives at the line rate. {@link LineRate#UNLIMITED} (the default) forwards as fast
     * as the links go. Bytes already queued keep their place; a test can set up at full speed and
     * then measure at 9600 bps.
     */
    public IcpTap lineRate(LineRate rate) {
        long period = rate.isUnlimited() ? 0 : rate.nanosPerByte();
        toStorage.pace(period);
        toOperation.pace(period);
        return this;
    }

    /**
     * Line noise in direction {@code d} from now on: every byte the tap forwards (frames and the bytes
     * between them, not injections) is corrupted with probability {@code probability}, independently,
     * by XOR with a random non-zero mask, drawn from a generator seeded with {@code seed}. The
     * recording still shows what the sender sent. 0 turns the noise off.
     */
    public IcpTap noise(Direction d, double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a probability is between 0 and 1: " + probability);
        }
        relay(d).noise(probability == 0 ? Relay.Noise.NONE : new Relay.Noise(probability, new SplittableRandom(seed)));
        return this;
    }

    /** Bytes the noise has corrupted in {@code d} so far. */
    public long noisyBytes(Direction d) {
        return relay(d).noisyBytes();
    }

    /** Bytes the tap has written towards the far end of {@code d} so far (relayed and injected). */
    public long forwardedBytes(Direction d) {
        return relay(d).forwardedBytes();
    }

    /** Faults queued for {@code d} that no frame has used yet. */
    public int pendingFaults(Direction d) {
        return relay(d).pendingFaults();
    }

    public void clearFaults() {
        toStorage.clearFaults();
        toOperation.clearFaults();
    }

    /**
     * Writes raw bytes (garbage, a forged frame) towards the far end of {@code d}, between two
     * frames of the relayed traffic, and waits until they are written. Bytes the tap is holding
     * back as a possible preamble go on after them.
     */
    public void inject(Direction d, byte[] bytes) throws IOException {
        try {
            relay(d).inject(bytes).get(JOIN.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the tap could not inject within " + JOIN + " (a frame in progress?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while injecting");
        }
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** The link failure that stopped the tap on its own, or null. */
    public Throwable failure() {
        Throwable f = toStorage.failure();
        return f != null ? f : toOperation.failure();
    }

    private Relay relay(Direction d) {
        return d == Direction.TO_STORAGE ? toStorage : toOperation;
    }

    /** Stops relaying and releases the links and everything the factory created. */
    @Override
    public void close() throws IOException {
        IOException failure = cut();
        if (released.compareAndSet(false, true)) {
            closeAll(owned);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Stops relaying and closes the tap's own two links, so each module sees the end of its stream
     * after the bytes already relayed to it. What the factory created for the modules (their pipe
     * ends, the socat processes) stays until {@link #close()}: releasing it here, on a hang-up, wiped
     * bytes the far module had not read yet.
     */
    private IOException cut() {
        if (!closed.compareAndSet(false, true)) {
            return null;
        }
        stop.countDown();
        IOException failure = null;
        for (Link l : List.of(operationSide, storageSide)) {
            try {
                l.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            toStorage.join(JOIN);
            toOperation.join(JOIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failure;
    }

    /** A relay ended (one side hung up or failed): the whole "cable" is cut. */
    private void cutQuietly() {
        cut(); // a link failure is already in failure()
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: release the rest
            }
        }
    }

    @Override
    public String toString() {
        return "IcpTap[" + operationSide.describe() + " <-> " + storageSide.describe() + (isOpen() ? "" : ", closed") + "]";
    }
}
