package io.pqrstuv.qrng.emulator;

import io.pqrstuv.qrng.emulator.wire.DeviceConfig;
import io.pqrstuv.qrng.emulator.wire.Status;

/** The three health tests a QCicada reports (notes §4): status bits, statistics counters, config enables. */
public enum HealthTest {
    /** NIST SP 800-90B §4.4.1. */
    REPETITION_COUNT(Status.REPETITION_COUNT, DeviceConfig.REPETITION_COUNT),
    /** NIST SP 800-90B §4.4.2. */
    ADAPTIVE_PROPORTION(Status.ADAPTIVE_PROPORTION, DeviceConfig.ADAPTIVE_PROPORTION),
    /** Crypta Labs' ones/zeros balance test. */
    BIT_COUNT(Status.BITCOUNT, DeviceConfig.BIT_COUNT);

    private final int statusFlag;
    private final int configFlag;

    HealthTest(int statusFlag, int configFlag) {
        this.statusFlag = statusFlag;
        this.configFlag = configFlag;
    }

    /** Its failure bit in the status byte. */
    public int statusFlag() {
        return statusFlag;
    }

    /** Its enable bit in the configuration flags. */
    public int configFlag() {
        return configFlag;
    }
}
