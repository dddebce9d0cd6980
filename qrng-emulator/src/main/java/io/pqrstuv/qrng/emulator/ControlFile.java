package io.pqrstuv.qrng.emulator;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The fault-injection control file, {@code faults.properties} in the state directory, for emulators
 * running in another process ({@code pqrstuv emulate qcicada}). The emulator re-reads it whenever it
 * changes and applies it whole: a key that is absent means its default (the options the emulator was
 * started with), so deleting the file clears every fault injected through it. A file with an error is
 * ignored entirely (the emulator says why) and the previous settings stay.
 *
 * <pre>
 * # health-test failures (on|off); reported only while the test is enabled in the device configuration
 * repetition_count = on
 * adaptive_proportion = off
 * bit_count = off
 * # supply-monitor flags: ok, or a comma list of low, high, undefined
 * voltage = ok
 * # how long the startup test runs after RESET, REBOOT or a firmware update, in milliseconds
 * startup_test_ms = 500
 * # a one-shot or signed read longer than ready_bytes: stream (the rest as generated) or nack
 * one_shot_policy = stream
 * # the next completed firmware image: pass or fail verification
 * firmware_verification = pass
 * # a hung device that neither answers nor sends (on|off)
 * silent = off
 * </pre>
 */
public final class ControlFile {
    public static final String FILE = "faults.properties";

    private ControlFile() {
    }

    /** The settings {@code text} describes, starting from {@code base}; IllegalArgumentException names the line. */
    public static FaultSettings parse(String text, FaultSettings base) {
        Set<HealthTest> health = base.healthFailures().isEmpty() ? EnumSet.noneOf(HealthTest.class)
                : EnumSet.copyOf(base.healthFailures());
        Set<VoltageFlag> voltage = base.voltage();
        Duration startup = base.startupTestDuration();
        OneShotPolicy policy = base.oneShotPolicy();
        boolean failFw = base.failFirmwareVerification();
        boolean silent = base.silent();
        Set<String> seen = new HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected key = value");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            if (!seen.add(key)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + key + " is given twice");
            }
            try {
                switch (key) {
                    case "repetition_count" -> set(health, HealthTest.REPETITION_COUNT, onOff(value));
                    case "adaptive_proportion" -> set(health, HealthTest.ADAPTIVE_PROPORTION, onOff(value));
                    case "bit_count" -> set(health, HealthTest.BIT_COUNT, onOff(value));
                    case "voltage" -> voltage = voltage(value);
                    case "startup_test_ms" -> startup = Duration.ofMillis(millis(value));
                    case "one_shot_policy" -> policy = switch (value) {
                        case "stream" -> OneShotPolicy.STREAM;
                        case "nack" -> OneShotPolicy.NACK;
                        default -> throw new IllegalArgumentException("expected stream or nack");
                    };
                    case "firmware_verification" -> failFw = switch (value) {
                        case "pass" -> false;
                        case "fail" -> true;
                        default -> throw new IllegalArgumentException("expected pass or fail");
                    };
                    case "silent" -> silent = onOff(value);
                    default -> throw new IllegalArgumentException("unknown key (known: repetition_count, "
                            + "adaptive_proportion, bit_count, voltage, startup_test_ms, one_shot_policy, "
                            + "firmware_verification, silent)");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " (" + key + "): " + e.getMessage(), e);
            }
        }
        return new FaultSettings(health, voltage, startup, policy, failFw, silent);
    }

    /** The text that describes {@code s} completely. */
    public static String format(FaultSettings s) {
        StringBuilder b = new StringBuilder("# QCicada emulator faults (see docs/qrng-emulator.md)\n");
        b.append("repetition_count = ").append(onOff(s.healthFailures().contains(HealthTest.REPETITION_COUNT))).append('\n');
        b.append("adaptive_proportion = ").append(onOff(s.healthFailures().contains(HealthTest.ADAPTIVE_PROPORTION)))
                .append('\n');
        b.append("bit_count = ").append(onOff(s.healthFailures().contains(HealthTest.BIT_COUNT))).append('\n');
        b.append("voltage = ");
        if (s.voltage().isEmpty()) {
            b.append("ok");
        } else {
            b.append(String.join(",", EnumSet.copyOf(s.voltage()).stream()
                    .map(v -> v.name().toLowerCase(Locale.ROOT)).toList()));
        }
        b.append('\n');
        b.append("startup_test_ms = ").append(s.startupTestDuration().toMillis()).append('\n');
        b.append("one_shot_policy = ").append(s.oneShotPolicy().name().toLowerCase(Locale.ROOT)).append('\n');
        b.append("firmware_verification = ").append(s.failFirmwareVerification() ? "fail" : "pass").append('\n');
        b.append("silent = ").append(onOff(s.silent())).append('\n');
        return b.toString();
    }

    /** One {@code key=value} as the CLI's {@code --fault} takes it. */
    public static FaultSettings applyOption(String keyValue, FaultSettings base) {
        return parse(keyValue, base);
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    private static void set(Set<HealthTest> s, HealthTest t, boolean on) {
        if (on) {
            s.add(t);
        } else {
            s.remove(t);
        }
    }

    private static boolean onOff(String v) {
        return switch (v) {
            case "on", "true", "yes", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected on or off");
        };
    }

    private static Set<VoltageFlag> voltage(String v) {
        if (v.equals("ok") || v.equals("none")) {
            return Set.of();
        }
        EnumSet<VoltageFlag> s = EnumSet.noneOf(VoltageFlag.class);
        for (String part : v.split(",")) {
            switch (part.strip()) {
                case "low" -> s.add(VoltageFlag.LOW);
                case "high" -> s.add(VoltageFlag.HIGH);
                case "undefined" -> s.add(VoltageFlag.UNDEFINED);
                default -> throw new IllegalArgumentException("expected ok or a comma list of low, high, undefined");
            }
        }
        return s;
    }

    private static long millis(String v) {
        long ms;
        try {
            ms = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number of milliseconds");
        }
        if (ms < 0 || ms > 600_000) {
            throw new IllegalArgumentException("expected 0..600000 milliseconds");
        }
        return ms;
    }
}
