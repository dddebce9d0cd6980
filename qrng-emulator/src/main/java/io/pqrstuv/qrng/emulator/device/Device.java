package io.pqrstuv.qrng.emulator.device;

import io.pqrstuv.qrng.emulator.state.StateStore;
import io.pqrstuv.qrng.emulator.wire.DeviceConfig;
import io.pqrstuv.qrng.emulator.wire.DeviceInfo;
import io.pqrstuv.qrng.emulator.wire.DeviceStatistics;
import io.pqrstuv.qrng.emulator.wire.Status;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The emulated QCicada itself, independent of any transport: configuration, the ready pool and its
 * rate, the generator, health and supply state, statistics, firmware update, hash self-test and
 * persistent state. Thread-safe: several links may serve one device.
 */
public final class Device implements AutoCloseable {
    /** Bytes ready at once when the device has been idle: 30 blocks of 448 (notes §2). */
    public static final int READY_POOL_BYTES = 13_440;
    static final String CONFIG_FILE = "config.bin";
    static final String FIRMWARE_FILE = "firmware.bin";
    /**
     * The health tests (notes §4), in the order of their statistics counters: the status bit that
     * reports a failure and the configuration bit that enables the test.
     */
    private static final int[] HEALTH_STATUS = {Status.REPETITION_COUNT, Status.ADAPTIVE_PROPORTION, Status.BITCOUNT};
    private static final int[] HEALTH_ENABLE =
            {DeviceConfig.REPETITION_COUNT, DeviceConfig.ADAPTIVE_PROPORTION, DeviceConfig.BIT_COUNT};

    private final StateStore store;
    private final DeviceInfo info;
    private final long bytesPerSecond;
    private final Supplier<FaultState> faults;
    private final ReadyPool pool;
    private final EntropySource source = new EntropySource();
    private final FirmwareUpdate update = new FirmwareUpdate(FirmwareUpdate.DEFAULT_MAX_IMAGE);
    private final HashTest hashTest = new HashTest();
    private final Attestation attestation;
    private DeviceConfig config;
    private long startupEndsNanos;
    private final boolean[] healthReported = new boolean[HEALTH_STATUS.length];
    private final long[] healthCounters = new long[HEALTH_STATUS.length];
    private long generatedSinceReset;
    private volatile int epoch;

    // emulator-side counters, since start
    final AtomicLong generatedTotal = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong commands = new AtomicLong();
    final AtomicLong nacks = new AtomicLong();
    final AtomicLong partialsDropped = new AtomicLong();
    final AtomicLong signedReads = new AtomicLong();

    private final InjectedBytes injected;

    /**
     * @param bytesPerSecond generation rate after the ready pool; 0 for unlimited (the pool never empties)
     * @param faults         the injected faults in force, read on every use
     */
    public Device(StateStore store, DeviceInfo info, long bytesPerSecond, Supplier<FaultState> faults,
                  Attestation attestation, InjectedBytes injected) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        this.injected = injected;
        this.store = store;
        this.info = info;
        this.bytesPerSecond = bytesPerSecond;
        this.faults = faults;
        this.attestation = attestation;
        this.config = store.read(CONFIG_FILE).map(Device::storedConfig).orElse(DeviceConfig.FACTORY);
        this.pool = new ReadyPool(bytesPerSecond, READY_POOL_BYTES, System.nanoTime());
        refreshHealth();
    }

    private static DeviceConfig storedConfig(byte[] b) {
        if (b.length != DeviceConfig.LENGTH || DeviceConfig.of(b).validationError().isPresent()) {
            // a damaged file must not make the device unusable: back to the factory configuration
            return DeviceConfig.FACTORY;
        }
        return DeviceConfig.of(b);
    }

    public DeviceInfo info() {
        return info;
    }

    /** True when generation is unlimited: the ready pool never empties. */
    public boolean unlimited() {
        return bytesPerSecond == 0;
    }

    public FaultState faults() {
        return faults.get();
    }

    public Attestation attestation() {
        return attestation;
    }

    public InjectedBytes injected() {
        return injected;
    }

    /** Changes on every REBOOT, so that links stop a stream the reboot ended. */
    public int epoch() {
        return epoch;
    }

    // ---- state ------------------------------------------------------------------------------

    private boolean startupRunning(long now) {
        return now - startupEndsNanos < 0;
    }

    private boolean healthBlocks() {
        if (config.has(DeviceConfig.GENERATE_ON_ERROR)) {
            return false;
        }
        for (boolean b : healthReported) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    private boolean inhibited(long now) {
        return startupRunning(now) || healthBlocks();
    }

    /** Re-evaluates which injected failures the device reports; a failure that appears is counted. */
    public synchronized void refreshHealth() {
        int failing = faults.get().healthFailures();
        for (int i = 0; i < HEALTH_STATUS.length; i++) {
            boolean now = (failing & HEALTH_STATUS[i]) != 0 && config.has(HEALTH_ENABLE[i]);
            if (now && !healthReported[i]) {
                healthCounters[i]++;
            }
            healthReported[i] = now;
        }
    }

    private void advance(long now) {
        pool.advance(now, !inhibited(now));
    }

    public synchronized Status status(long now) {
        advance(now);
        int flags = Status.INITIALIZED;
        if (startupRunning(now)) {
            flags |= Status.STARTUP_TEST_IN_PROGRESS;
        }
        flags |= faults.get().voltageFlags();
        for (int i = 0; i < HEALTH_STATUS.length; i++) {
            if (healthReported[i]) {
                flags |= HEALTH_STATUS[i];
            }
        }
        return new Status(flags, inhibited(now) ? 0 : pool.ready());
    }

    /** Whether a health failure stops output (it only ends when the failure does). */
    public synchronized boolean outputStoppedByHealth() {
        return healthBlocks();
    }

    public synchronized int ready(long now) {
        advance(now);
        return inhibited(now) ? 0 : pool.ready();
    }

    /** Takes up to {@code max} bytes from the ready pool (0 while output is inhibited). */
    public synchronized int take(long now, int max) {
        advance(now);
        if (inhibited(now)) {
            return 0;
        }
        return pool.take(max);
    }

    /**
     * Time until {@code n} bytes can be taken, or a short poll interval while output is inhibited
     * (a failure may clear at any time).
     */
    public synchronized long nanosUntil(long now, int n) {
        advance(now);
        if (startupRunning(now)) {
            return startupEndsNanos - now + pool.nanosUntil(n);
        }
        if (healthBlocks()) {
            return 50_000_000L;
        }
        return pool.nanosUntil(n);
    }

    /** Generates {@code len} output bytes (already taken from the pool) into {@code out}. */
    public synchronized void produce(byte[] out, int off, int len) {
        source.fill(config, out, off, len);
        generatedSinceReset += len;
        generatedTotal.addAndGet(len);
    }

    /** Output granularity: the device releases whole blocks as it generates them. */
    public synchronized int blockSize() {
        return config.blockSize();
    }

    public synchronized DeviceConfig config() {
        return config;
    }

    /** Stores a new configuration, or says why it is refused (NACK). */
    public synchronized Optional<String> setConfig(byte[] bytes) {
        DeviceConfig c = DeviceConfig.of(bytes);
        Optional<String> error = c.validationError();
        if (error.isPresent()) {
            return error;
        }
        store.write(CONFIG_FILE, c.encode(), false);
        config = c;
        source.restart();
        refreshHealth();
        return Optional.empty();
    }

    /** RESET: restarts generation (startup test) and clears the statistics. */
    public synchronized void reset(long now) {
        advance(now);
        generatedSinceReset = 0;
        java.util.Arrays.fill(healthCounters, 0);
        java.util.Arrays.fill(healthReported, false);
        refreshHealth();
        pool.empty();
        source.restart();
        if (config.has(DeviceConfig.STARTUP_TEST)) {
            startupEndsNanos = now + faults.get().startupTestDuration().toNanos();
        } else {
            startupEndsNanos = now;
        }
    }

    /** REBOOT: everything volatile is lost; the startup test runs again. */
    public synchronized void reboot(long now) {
        epoch++;
        update.abandon();
        hashTest.init();
        if (attestation != null) {
            attestation.reboot();
        }
        reset(now);
    }

    public synchronized DeviceStatistics statistics(long now) {
        advance(now);
        long speed = inhibited(now) ? 0 : unlimited() ? 0xFFFF_FFFFL : bytesPerSecond * 8;
        int target = config.autocalibrationTarget();
        int sensif;
        int voltage = faults.get().voltageFlags();
        if ((voltage & Status.VOLTAGE_LOW) != 0) {
            sensif = target / 8;
        } else if ((voltage & Status.VOLTAGE_HIGH) != 0) {
            sensif = Math.min(0xFFFF, target * 2);
        } else if (config.has(DeviceConfig.AUTO_CALIBRATION)) {
            sensif = target;
        } else {
            sensif = Math.round(config.initialLevel() * 40.96f);
        }
        return new DeviceStatistics(generatedSinceReset, healthCounters[0], healthCounters[1], healthCounters[2],
                speed, sensif, config.initialLevel());
    }

    // ---- firmware update and hash test ------------------------------------------------------

    public synchronized byte[] updateInit(long size) {
        return update.init(size).reply();
    }

    public synchronized byte[] updateChunk(byte[] payload, long now) {
        FirmwareUpdate.Step step = update.chunk(payload, () -> faults.get().failFirmwareVerification());
        step.completedImage().ifPresent(img -> store.write(FIRMWARE_FILE, img, false));
        return step.reply();
    }

    public Optional<byte[]> firmwareImage() {
        return store.read(FIRMWARE_FILE);
    }

    public synchronized void hashInit() {
        hashTest.init();
    }

    public synchronized void hashAccumulate(byte[] data, int off, int len) {
        hashTest.accumulate(data, off, len);
    }

    public synchronized byte[] hashDigest() {
        return hashTest.digest();
    }

    // ---- emulator counters --------------------------------------------------------------------

    public void countCommand() {
        commands.incrementAndGet();
    }

    public void countNack() {
        nacks.incrementAndGet();
    }

    public void countDropped(long n) {
        if (n > 0) {
            dropped.addAndGet(n);
        }
    }

    public void countPartialDropped(long n) {
        if (n > 0) {
            partialsDropped.addAndGet(n);
        }
    }

    public void countSignedRead() {
        signedReads.incrementAndGet();
    }

    public long generatedTotal() {
        return generatedTotal.get();
    }

    public long droppedBytes() {
        return dropped.get();
    }

    public long commands() {
        return commands.get();
    }

    public long nacks() {
        return nacks.get();
    }

    public long partialsDropped() {
        return partialsDropped.get();
    }

    public long signedReads() {
        return signedReads.get();
    }

    @Override
    public synchronized void close() {
        source.close();
    }
}
