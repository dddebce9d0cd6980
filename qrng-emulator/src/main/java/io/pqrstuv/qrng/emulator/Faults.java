package io.pqrstuv.qrng.emulator;

import io.pqrstuv.qrng.emulator.device.FaultState;
import io.pqrstuv.qrng.emulator.device.InjectedBytes;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Fault injection into a running emulator (thread-safe; takes effect at once). The same settings can
 * be changed from outside the process through the control file (see {@link ControlFile}).
 *
 * <p>Health-test failures behave like a source that keeps failing that test: the status bit is set and
 * the statistics counter grows by one each time the failure (re)appears — when injected, and again
 * after each RESET or REBOOT while still injected. As on the device, a failure is only reported while
 * that test is enabled in the configuration (bit count is off in the factory configuration), and
 * output stops while a failure is reported unless {@code generate_on_error} is set.
 */
public final class Faults implements InjectedBytes {
    private final AtomicReference<Current> current;
    private final Consumer<FaultSettings> onChange;
    private final ConcurrentLinkedQueue<byte[]> unsolicited = new ConcurrentLinkedQueue<>();
    private final AtomicReference<byte[]> nextReply = new AtomicReference<>();

    /** The settings and the device's view of them, changed together. */
    private record Current(FaultSettings settings, FaultState device) {
        static Current of(FaultSettings s) {
            return new Current(s, s.toDeviceState());
        }
    }

    Faults(FaultSettings initial, Consumer<FaultSettings> onChange) {
        this.current = new AtomicReference<>(Current.of(initial));
        this.onChange = onChange;
    }

    /** The settings in force. */
    public FaultSettings settings() {
        return current.get().settings();
    }

    /** The settings in force, as the device reads them. */
    FaultState deviceState() {
        return current.get().device();
    }

    /** Replaces every setting at once. */
    public Faults apply(FaultSettings s) {
        current.set(Current.of(s));
        onChange.accept(s);
        return this;
    }

    private Faults update(UnaryOperator<FaultSettings> f) {
        FaultSettings s = current.updateAndGet(c -> Current.of(f.apply(c.settings()))).settings();
        onChange.accept(s);
        return this;
    }

    /** Makes the source fail (or pass again) one health test. */
    public Faults healthFailure(HealthTest test, boolean failing) {
        return update(s -> s.withHealth(test, failing));
    }

    /** Raises exactly these voltage flags; none clears them. Output continues (the host must refuse it). */
    public Faults voltage(VoltageFlag... flags) {
        EnumSet<VoltageFlag> set = EnumSet.noneOf(VoltageFlag.class);
        set.addAll(Arrays.asList(flags));
        return update(s -> s.withVoltage(set));
    }

    /** How long {@code startup_test_in_progress} stays set after RESET, REBOOT or a firmware update. */
    public Faults startupTestDuration(Duration d) {
        return update(s -> s.withStartupTestDuration(d));
    }

    public Faults oneShotPolicy(OneShotPolicy p) {
        return update(s -> s.withOneShotPolicy(p));
    }

    /** The next completely transferred firmware images fail verification ({@code ERR_VERIFICATION}). */
    public Faults failFirmwareVerification(boolean fail) {
        return update(s -> s.withFailFirmwareVerification(fail));
    }

    /**
     * A hung device: input is read and thrown away, nothing is sent (not even a stream in progress),
     * so hosts can test their timeouts. Clearing it resumes where the device was.
     */
    public Faults silent(boolean silent) {
        return update(s -> s.withSilent(silent));
    }

    /**
     * Garbage on the line: sends {@code bytes} to the host at once, unasked (on the reply channel), in
     * the middle of whatever the device is doing.
     */
    public Faults injectBytes(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("nothing to inject");
        }
        unsolicited.add(bytes.clone());
        return this;
    }

    /** The next reply to a command is {@code bytes} instead (a corrupted or unexpected reply), once. */
    public Faults replaceNextReply(byte[] bytes) {
        nextReply.set(bytes.clone());
        return this;
    }

    @Override
    public byte[] pollUnsolicited() {
        return unsolicited.poll();
    }

    @Override
    public byte[] takeReplyReplacement() {
        return nextReply.getAndSet(null);
    }

    /** Back to a healthy device. */
    public Faults clear() {
        return apply(FaultSettings.NONE);
    }
}
