package io.pqrstuv.cli.qrng;

import io.pqrstuv.qrng.wire.QccConfig;
import io.pqrstuv.qrng.wire.QccInfo;
import io.pqrstuv.qrng.wire.QccStatistics;
import io.pqrstuv.qrng.wire.QccStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The device records as pyqcc's dictionaries (same keys), and as aligned human text. */
final class Views {
    private Views() {
    }

    static Map<String, Object> info(QccInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("core_version", i.coreVersion());
        m.put("sw_version", i.firmwareVersion());
        m.put("serial", i.serial());
        m.put("hw_info", i.hardwareInfo());
        return m;
    }

    static String infoText(QccInfo i) {
        return String.format(Locale.ROOT, "Core version:     %s (0x%08X)%nFirmware version: %s (0x%08X)%nSerial number:    %s%n"
                        + "Hardware:         %s", i.coreVersionString(), i.coreVersion(), i.firmwareVersionString(),
                i.firmwareVersion(), i.serial(), i.hardwareInfo());
    }

    static Map<String, Object> status(QccStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", s.initialized());
        m.put("startup_test_in_progress", s.startupTestInProgress());
        m.put("voltage_low", s.voltageLow());
        m.put("voltage_high", s.voltageHigh());
        m.put("voltage_undefined", s.voltageUndefined());
        m.put("bitcount", s.bitCountFailure());
        m.put("repetition_count", s.repetitionCountFailure());
        m.put("adaptive_proportion", s.adaptiveProportionFailure());
        m.put("ready_bytes", s.readyBytes());
        m.put("healthy", s.healthy());
        return m;
    }

    static String statusText(QccStatus s) {
        return table(status(s)) + (s.healthy() ? "" : String.format("%nProblems: %s", String.join(", ", s.problems())));
    }

    static Map<String, Object> config(QccConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("postprocess", c.postprocess().cliName());
        m.put("initial_level", c.initialLevel());
        m.put("startup_test", c.startupTest());
        m.put("auto_calibration", c.autoCalibration());
        m.put("repetition_count", c.repetitionCount());
        m.put("adaptive_proportion", c.adaptiveProportion());
        m.put("bit_count", c.bitCount());
        m.put("generate_on_error", c.generateOnError());
        m.put("n_lsbits", c.nLsbits());
        m.put("hash_input_size", c.hashInputSize());
        m.put("block_size", c.blockSize());
        m.put("autocalibration_target", c.autocalibrationTarget());
        return m;
    }

    static Map<String, Object> statistics(QccStatistics s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generated_bytes", new java.math.BigInteger(Long.toUnsignedString(s.generatedBytes())));
        m.put("repetition_count_failures", s.repetitionCountFailures());
        m.put("adaptive_proportion_failures", s.adaptiveProportionFailures());
        m.put("bitcount_failures", s.bitcountFailures());
        m.put("speed", s.speedBitsPerSecond());
        m.put("sensif_average", s.sensifAverage());
        m.put("ledctrl_level", s.ledctrlLevel());
        return m;
    }

    /** {@code key: value} lines, aligned; booleans as yes/no. */
    static String table(Map<String, Object> m) {
        int w = m.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        StringBuilder b = new StringBuilder();
        for (var e : m.entrySet()) {
            if (!b.isEmpty()) {
                b.append(System.lineSeparator());
            }
            Object v = e.getValue() instanceof Boolean x ? (x ? "yes" : "no") : e.getValue();
            b.append(String.format(Locale.ROOT, "%-" + w + "s %s", e.getKey() + ":", v));
        }
        return b.toString();
    }
}
