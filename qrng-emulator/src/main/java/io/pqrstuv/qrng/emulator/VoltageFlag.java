package io.pqrstuv.qrng.emulator;

import io.pqrstuv.qrng.emulator.wire.Status;

/** The supply-monitor flags of the status byte (notes §1.3, §4). */
public enum VoltageFlag {
    /** Auto-calibration failure: the QOM output voltage is too low. */
    LOW(Status.VOLTAGE_LOW),
    /** Auto-calibration failure: the QOM output voltage is too high. */
    HIGH(Status.VOLTAGE_HIGH),
    /** The QOM output keeps oscillating beyond auto-calibration control. */
    UNDEFINED(Status.VOLTAGE_UNDEFINED);

    private final int statusFlag;

    VoltageFlag(int statusFlag) {
        this.statusFlag = statusFlag;
    }

    public int statusFlag() {
        return statusFlag;
    }
}
