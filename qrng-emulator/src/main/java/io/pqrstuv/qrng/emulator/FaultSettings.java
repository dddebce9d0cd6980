package io.pqrstuv.qrng.emulator;

import io.pqrstuv.qrng.emulator.device.FaultState;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One immutable set of injected faults: what {@link Faults} holds, what the control file describes.
 *
 * @param healthFailures      tests whose failure the source shows (reported only while enabled in the config)
 * @param voltage             supply-monitor flags raised
 * @param startupTestDuration how long the startup test runs after RESET, REBOOT or a firmware update
 * @param oneShotPolicy       what a read longer than {@code ready_bytes} gets
 * @param failFirmwareVerification whether a completely transferred firmware image fails verification
 * @param silent              the device neither answers nor sends anything (a hung device)
 */
public record FaultSettings(Set<HealthTest> healthFailures, Set<VoltageFlag> voltage, Duration startupTestDuration,
                            OneShotPolicy oneShotPolicy, boolean failFirmwareVerification, boolean silent) {
    /** The startup test takes this long by default (the real duration is not published). */
    public static final Duration DEFAULT_STARTUP_TEST = Duration.ofMillis(500);
    /** No fault: a healthy device. */
    public static final FaultSettings NONE = new FaultSettings(Set.of(), Set.of(), DEFAULT_STARTUP_TEST,
            OneShotPolicy.STREAM, false, false);

    public FaultSettings {
        healthFailures = healthFailures.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(healthFailures));
        voltage = voltage.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(voltage));
        Objects.requireNonNull(oneShotPolicy, "oneShotPolicy");
        if (startupTestDuration.isNegative() || startupTestDuration.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("startup test duration must be 0..10 min");
        }
    }

    /** These settings in the device's terms (status bits). */
    FaultState toDeviceState() {
        int health = 0;
        for (HealthTest t : healthFailures) {
            health |= t.statusFlag();
        }
        int supply = 0;
        for (VoltageFlag v : voltage) {
            supply |= v.statusFlag();
        }
        return new FaultState(health, supply, startupTestDuration, oneShotPolicy == OneShotPolicy.NACK,
                failFirmwareVerification, silent);
    }

    FaultSettings withHealth(HealthTest t, boolean on) {
        EnumSet<HealthTest> s = healthFailures.isEmpty() ? EnumSet.noneOf(HealthTest.class) : EnumSet.copyOf(healthFailures);
        if (on) {
            s.add(t);
        } else {
            s.remove(t);
        }
        return new FaultSettings(s, voltage, startupTestDuration, oneShotPolicy, failFirmwareVerification, silent);
    }

    FaultSettings withVoltage(Set<VoltageFlag> v) {
        return new FaultSettings(healthFailures, v, startupTestDuration, oneShotPolicy, failFirmwareVerification, silent);
    }

    FaultSettings withStartupTestDuration(Duration d) {
        return new FaultSettings(healthFailures, voltage, d, oneShotPolicy, failFirmwareVerification, silent);
    }

    FaultSettings withOneShotPolicy(OneShotPolicy p) {
        return new FaultSettings(healthFailures, voltage, startupTestDuration, p, failFirmwareVerification, silent);
    }

    FaultSettings withFailFirmwareVerification(boolean f) {
        return new FaultSettings(healthFailures, voltage, startupTestDuration, oneShotPolicy, f, silent);
    }

    FaultSettings withSilent(boolean s) {
        return new FaultSettings(healthFailures, voltage, startupTestDuration, oneShotPolicy, failFirmwareVerification, s);
    }
}
