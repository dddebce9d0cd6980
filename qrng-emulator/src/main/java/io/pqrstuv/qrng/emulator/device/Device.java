package io.pqrstuv.qrng.emulator.device;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.FaultSettings;
import io.pqrstuv.qrng.emulator.HealthTest;
import io.pqrstuv.qrng.emulator.VoltageFlag;
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
    static final String CONFIG_FILE = "config.bin";
    static final String FIRMWARE_FILE = "firmware.bin";

    private final StateStore store;
    private final DeviceInfo info;
    private final EmulatorRate rate;
    private final Supplier<FaultSettings> faults;
    private final ReadyPool pool;
    private final EntropySource source = new EntropySource();
    private final FirmwareUpdate update = new FirmwareUpdate(FirmwareUpdate.DEFAULT_MAX_IMAGE);
    private final HashTest hashTest = new HashTest();
    private final Attestation attestation;
    private DeviceConfig config;
    private long startupEndsNanos;
    private final boolean[] healthReported = new boolean[HealthTest.values().length];
    private final long[] healthCounters = new long[HealthTest.values().length];
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

    public Device(StateStore store, DeviceInfo info, EmulatorRate rate, Supplier<FaultSettings> faults,
                  Attestation attestation, InjectedBytes injected) {
        this.injected = injected;
        this.store = store;
        this.info = info;
        this.rate = rate;
        this.faults = faults;
        this.attestation = attestation;
        this.config = store.read(CONFIG_FILE).map(Device::storedConfig).orElse(DeviceConfig.FACTORY);
        this.pool = new ReadyPool(rate, io.pqrstuv.qrng.emulator.EmulatorRate.READY_POOL_BYTES, System.nanoTime());
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

    public EmulatorRate rate() {
        return rate;
    }

    public FaultSettings faults() {
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
        FaultSettings f = faults.get();
        for (HealthTest t : HealthTest.values()) {
            boolean now = f.healthFailures().contains(t) && config.has(t.configFlag());
            if (now && !healthReported[t.ordinal()]) {
                healthCounters[t.ordinal()]++;
            }
            healthReported[t.ordinal()] = now;
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
        for (VoltageFlag v : faults.get().voltage()) {
            flags |= v.statusFlag();
        }
        for (HealthTest t : HealthTest.values()) {
            if (healthReported[t.ordinal()]) {
                flags |= t.statusFlag();
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
        long speed = inhibited(now) ? 0 : rate.isUnlimited() ? 0xFFFF_FFFFL : rate.generationBytesPerSecond() * 8;
        int target = config.autocalibrationTarget();
        int sensif;
        var voltage = faults.get().voltage();
        if (voltage.contains(VoltageFlag.LOW)) {
            sensif = target / 8;
        } else if (voltage.contains(VoltageFlag.HIGH)) {
            sensif = Math.min(0xFFFF, target * 2);
        } else if (config.has(DeviceConfig.AUTO_CALIBRATION)) {
            sensif = target;
        } else {
            sensif = Math.round(config.initialLevel() * 40.96f);
        }
        return new DeviceStatistics(generatedSinceReset, healthCounters[HealthTest.REPETITION_COUNT.ordinal()],
                healthCounters[HealthTest.ADAPTIVE_PROPORTION.ordinal()], healthCounters[HealthTest.BIT_COUNT.ordinal()],
                speed, sensif, config.initialLevel());
    }

    public synchronized long healthCounter(HealthTest t) {
        return healthCounters[t.ordinal()];
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
