package io.pqrstuv.qrng.emulator.device;

import io.pqrstuv.qrng.emulator.wire.Status;
import java.time.Duration;
import java.util.Objects;

/**
 * The injected faults as the device reads them, in its own terms (status bits), one immutable
 * snapshot per change. The emulator's fault API ({@code Faults}, {@code FaultSettings}) translates to
 * it, so this package does not depend on that API (which depends on this package).
 *
 * @param healthFailures         status bits of the health tests the source fails
 *                               ({@link Status#REPETITION_COUNT}, {@link Status#ADAPTIVE_PROPORTION},
 *                               {@link Status#BITCOUNT}); reported only while enabled in the configuration
 * @param voltageFlags           status bits the supply monitor raises ({@link Status#VOLTAGE_LOW}, …)
 * @param startupTestDuration    how long the startup test runs after RESET or REBOOT
 * @param nackReadsBeyondReady   a one-shot or signed read longer than {@code ready_bytes} is NACKed
 *                               (else the rest is streamed as generated)
 * @param failFirmwareVerification a completely transferred firmware image fails verification
 * @param silent                 a hung device: input is ignored, nothing is sent
 */
public record FaultState(int healthFailures, int voltageFlags, Duration startupTestDuration,
                         boolean nackReadsBeyondReady, boolean failFirmwareVerification, boolean silent) {
    private static final int HEALTH_BITS = Status.REPETITION_COUNT | Status.ADAPTIVE_PROPORTION | Status.BITCOUNT;
    private static final int VOLTAGE_BITS = Status.VOLTAGE_LOW | Status.VOLTAGE_HIGH | Status.VOLTAGE_UNDEFINED;

    public FaultState {
        if ((healthFailures & ~HEALTH_BITS) != 0) {
            throw new IllegalArgumentException("health failures must be health-test status bits");
        }
        if ((voltageFlags & ~VOLTAGE_BITS) != 0) {
            throw new IllegalArgumentException("voltage flags must be supply-monitor status bits");
        }
        Objects.requireNonNull(startupTestDuration, "startupTestDuration");
    }
}
