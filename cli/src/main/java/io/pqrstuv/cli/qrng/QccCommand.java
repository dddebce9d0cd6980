package io.pqrstuv.cli.qrng;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.qrng.HashTestResult;
import io.pqrstuv.qrng.QccDevice;
import io.pqrstuv.qrng.QccDiscovery;
import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.qcicada.QCicadaDevice;
import io.pqrstuv.qrng.qcicada.QCicadaOptions;
import io.pqrstuv.qrng.qcicada.SignedRead;
import io.pqrstuv.qrng.transport.QccEndpoint;
import io.pqrstuv.qrng.wire.Postprocess;
import io.pqrstuv.qrng.wire.QccConfig;
import io.pqrstuv.qrng.wire.QccStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pqrstuv qcc}: pyqcc-cli in Java. Actions run in a fixed order within one call: config
 * setters, --reset, --info, -s, -g, -t, --hash-test, --update, -R, -r/--start, --stop.
 */
@Command(name = "qcc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drive a Crypta Labs QRNG (QCicada, Firefly, …) over its Cmd&Ctrl protocol, as pyqcc-cli does.",
            "Actions run in this order: config setters, --reset, --info, -s, -g, -t, --hash-test, --update, -R, -r/--start, --stop."},
        footer = {"%nExamples:",
            "  pqrstuv qcc -d /dev/ttyUSB0 --info -s",
            "  pqrstuv qcc -r 32 | xxd",
            "  pqrstuv qcc --start -r 10000000 -o random.bin --stop",
            "  pqrstuv qcc --postprocess sha256 --startup-test on -g",
            "  pqrstuv qcc -i tcpudp -d 10.0.0.7 -r 1024 -o r.bin",
            QrngCommand.EXIT_CODES})
public final class QccCommand extends QrngCommand {
    private static final long PROGRESS_THRESHOLD = 1_000_000;

    @Option(names = {"-s", "--get-status"}, description = "Get the device status.")
    boolean getStatus;

    @Option(names = {"-g", "--get-config"}, description = "Get the device configuration.")
    boolean getConfig;

    @Option(names = {"-t", "--get-statistics"}, description = "Get the statistics since the last reset.")
    boolean getStatistics;

    @Option(names = "--info", description = "Get the device information (versions, serial number, hardware).")
    boolean info;

    @Option(names = {"-r", "--read"}, paramLabel = "N",
            description = "Read N random bytes: one-shot (1..65535), or in continuous mode with --start (any N).")
    Long read;

    @Option(names = {"-R", "--signed-read"}, paramLabel = "N",
            description = "Signed read of N bytes (1..65535, QCicada firmware 5.13+); the signature (r||s) goes to FILE.sig "
                    + "with -o, else to stderr (or into --json).")
    Integer signedRead;

    @Option(names = {"-o", "--output-file"}, paramLabel = "FILE", description = "Write the random data here (used with -r, -R).")
    String outputFile;

    @Option(names = {"-a", "--append"}, description = "Append to the output file (used with -o).")
    boolean append;

    @Option(names = "--start", description = "Start continuous mode; with -r: read in continuous mode (then STOP).")
    boolean start;

    @Option(names = "--read-block-size", paramLabel = "N", defaultValue = "16384",
            description = "Continuous mode: bytes read per cycle (default: ${DEFAULT-VALUE}).")
    int readBlockSize;

    @Option(names = "--stop", description = "Stop continuous mode.")
    boolean stop;

    @Option(names = "--update", paramLabel = "FILE", description = "Firmware update with this image file.")
    Path update;

    @Option(names = "--reset", description = "Reset: restart generation (startup test) and clear the statistics.")
    boolean reset;

    @Option(names = "--hash-test", paramLabel = "FILE",
            description = "Have the device SHA-256 the file and compare with the host's digest.")
    Path hashTest;

    @Option(names = "--discover", description = "List the QRNGs on /dev/ttyUSB*, /dev/ttyACM*, /dev/ttyQRNG* (probing each).")
    boolean discover;

    // Config setters (read-modify-write of the 12-byte configuration)
    @Option(names = "--postprocess", paramLabel = "MODE", description = "Set post-processing: sha256, raw-noise or raw-samples.")
    String postprocess;

    @Option(names = "--initial-level", paramLabel = "LEVEL", description = "Set the initial LED level (0-100).")
    Float initialLevel;

    @Option(names = "--auto-calibration", paramLabel = "on|off", arity = "1", converter = OnOff.class, description = "Set auto-calibration.")
    Boolean autoCalibration;

    @Option(names = "--startup-test", paramLabel = "on|off", arity = "1", converter = OnOff.class, description = "Set the startup test.")
    Boolean startupTest;

    @Option(names = "--repetition-count", paramLabel = "on|off", arity = "1", converter = OnOff.class,
            description = "Set the repetition count health test.")
    Boolean repetitionCount;

    @Option(names = "--adaptive-proportion", paramLabel = "on|off", arity = "1", converter = OnOff.class,
            description = "Set the adaptive proportion health test.")
    Boolean adaptiveProportion;

    @Option(names = "--bit-count", paramLabel = "on|off", arity = "1", converter = OnOff.class, description = "Set the bit count health test.")
    Boolean bitCount;

    @Option(names = "--generate-on-error", paramLabel = "on|off", arity = "1", converter = OnOff.class,
            description = "Set whether output continues while a health test fails.")
    Boolean generateOnError;

    @Option(names = "--n-lsbits", paramLabel = "N", description = "Set the LSBs taken per sample (0-255).")
    Integer nLsbits;

    @Option(names = "--hash-input-size", paramLabel = "N", description = "Set the bytes hashed per SHA-256 output (0-255).")
    Integer hashInputSize;

    @Option(names = "--block-size", paramLabel = "N", description = "Set the output block size (0-65535).")
    Integer blockSize;

    @Option(names = "--autocalibration-target", paramLabel = "N", description = "Set the auto-calibration target (0-65535).")
    Integer autocalibrationTarget;

    @Override
    int run() throws Exception {
        QccOptions options = options();
        if (discover) {
            return discover(options);
        }
        UnaryOperator<QccConfig> change = configChange();
        validate(change);
        byte[] image = update == null ? null : readFile(update, "firmware image");
        byte[] hashData = hashTest == null ? null : readFile(hashTest, "hash test file");

        QccEndpoint ep = endpoint(options);
        Map<String, Object> result = new LinkedHashMap<>();
        int exit = ExitCodes.OK;
        try (QccDevice dev = open(ep, options)) {
            if (change != null) {
                QccConfig stored = dev.updateConfig(change);
                result.put("config_set", Views.config(stored));
                human("Configuration set.");
            }
            if (reset) {
                QccStatus s = dev.reset();
                result.put("reset", Views.status(s));
                human("Reset: generation restarted" + (s.startupTestInProgress() ? " (startup test running)." : "."));
            }
            if (info) {
                var i = dev.info();
                result.put("info", Views.info(i));
                human(Views.infoText(i));
            }
            if (getStatus) {
                QccStatus s = dev.status();
                result.put("status", Views.status(s));
                human(Views.statusText(s));
            }
            if (getConfig) {
                var c = dev.config();
                result.put("config", Views.config(c));
                human(Views.table(Views.config(c)));
            }
            if (getStatistics) {
                var s = dev.statistics();
                result.put("statistics", Views.statistics(s));
                human(Views.table(Views.statistics(s)));
            }
            if (hashData != null) {
                HashTestResult h = dev.hashTest(hashData);
                HexFormat hex = HexFormat.of();
                result.put("hash_test", map("length", h.length(), "device", hex.formatHex(h.deviceDigest()),
                        "expected", hex.formatHex(h.expectedDigest()), "match", h.matches()));
                human(h.matches() ? "Hash test OK: " + hex.formatHex(h.deviceDigest())
                        : "Hash test MISMATCH: device " + hex.formatHex(h.deviceDigest()) + ", expected "
                                + hex.formatHex(h.expectedDigest()));
                if (!h.matches()) {
                    exit = ExitCodes.INVALID_SIGNATURE;
                }
            }
            if (image != null) {
                try (ByteProgress p = progress("firmware", image.length, true)) {
                    dev.updateFirmware(image, (sent, total) -> p.update(sent));
                }
                result.put("update", map("bytes", image.length, "completed", true));
                human("FW UPDATED! (" + image.length + " bytes)");
            }
            if (signedRead != null) {
                result.put("signed_read", signedRead((QCicadaDevice) dev));
            }
            if (read != null) {
                result.put("read", start ? continuousRead(dev) : oneShot(dev));
            } else if (start) {
                dev.startContinuous();
                result.put("continuous", "started");
                human("Continuous mode started.");
            }
            if (stop) {
                QccStatus s = dev.stop();
                result.put("stop", Views.status(s));
                human("Continuous mode stopped.");
            }
        }
        if (json) {
            printJson(result);
        }
        return exit;
    }

    private QccDevice open(QccEndpoint ep, QccOptions options) throws DeviceOpenException, IOException {
        try {
            return signedRead != null ? QCicadaDevice.open(ep, QCicadaOptions.of(options)) : QccDevice.open(ep, options);
        } catch (io.pqrstuv.qrng.error.QccException e) {
            throw e; // the device is there but misbehaves: its own exit code
        } catch (IOException e) {
            throw cannotOpen(ep, e);
        }
    }

    private void validate(UnaryOperator<QccConfig> change) throws UsageException {
        if (read != null) {
            if (start) {
                if (read < 1) {
                    throw new UsageException("-r must be at least 1, got " + read);
                }
            } else if (read < 1 || read > 65_535) {
                throw new UsageException("-r must be 1..65535 for a one-shot read, got " + read
                        + (read > 65_535 ? " (read more in continuous mode: --start -r N)" : ""));
            }
        }
        if (signedRead != null) {
            if (signedRead < 1 || signedRead > 65_535) {
                throw new UsageException("-R must be 1..65535, got " + signedRead);
            }
            if (read != null) {
                throw new UsageException("use one of -r and -R per call");
            }
            if (start) {
                throw new UsageException("-R is a one-shot signed read: it does not combine with --start");
            }
        }
        if ((outputFile != null || append) && read == null && signedRead == null) {
            throw new UsageException("-o and -a are used with -r or -R");
        }
        if (append && outputFile == null) {
            throw new UsageException("-a needs -o FILE");
        }
        if (read != null || signedRead != null) {
            checkDestination(outputFile, append, read != null ? read : signedRead);
        }
        if (readBlockSize < 1 || readBlockSize > 1 << 24) {
            throw new UsageException("--read-block-size must be 1..16777216, got " + readBlockSize);
        }
        boolean any = change != null || reset || info || getStatus || getConfig || getStatistics || hashTest != null
                || update != null || signedRead != null || read != null || start || stop;
        if (!any) {
            throw new UsageException("nothing to do: give an action such as --info, -s, -r N or --discover (see --help)");
        }
    }

    private UnaryOperator<QccConfig> configChange() throws UsageException {
        List<UnaryOperator<QccConfig>> ops = new ArrayList<>();
        if (postprocess != null) {
            Postprocess p;
            try {
                p = Postprocess.parse(postprocess);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            ops.add(c -> c.withPostprocess(p));
        }
        if (initialLevel != null) {
            if (!Float.isFinite(initialLevel)) {
                throw new UsageException("--initial-level must be a number");
            }
            float v = initialLevel;
            ops.add(c -> c.withInitialLevel(v));
        }
        addFlag(ops, autoCalibration, QccConfig::withAutoCalibration);
        addFlag(ops, startupTest, QccConfig::withStartupTest);
        addFlag(ops, repetitionCount, QccConfig::withRepetitionCount);
        addFlag(ops, adaptiveProportion, QccConfig::withAdaptiveProportion);
        addFlag(ops, bitCount, QccConfig::withBitCount);
        addFlag(ops, generateOnError, QccConfig::withGenerateOnError);
        addInt(ops, "--n-lsbits", nLsbits, 255, QccConfig::withNLsbits);
        addInt(ops, "--hash-input-size", hashInputSize, 255, QccConfig::withHashInputSize);
        addInt(ops, "--block-size", blockSize, 65_535, QccConfig::withBlockSize);
        addInt(ops, "--autocalibration-target", autocalibrationTarget, 65_535, QccConfig::withAutocalibrationTarget);
        if (ops.isEmpty()) {
            return null;
        }
        return c -> {
            for (UnaryOperator<QccConfig> op : ops) {
                c = op.apply(c);
            }
            return c;
        };
    }

    private static void addFlag(List<UnaryOperator<QccConfig>> ops, Boolean v,
            java.util.function.BiFunction<QccConfig, Boolean, QccConfig> with) {
        if (v != null) {
            ops.add(c -> with.apply(c, v));
        }
    }

    private static void addInt(List<UnaryOperator<QccConfig>> ops, String name, Integer v, int max,
            java.util.function.BiFunction<QccConfig, Integer, QccConfig> with) throws UsageException {
        if (v != null) {
            if (v < 0 || v > max) {
                throw new UsageException(name + " must be 0.." + max + ", got " + v);
            }
            ops.add(c -> with.apply(c, v));
        }
    }

    private static byte[] readFile(Path p, String what) throws UsageException {
        try {
            byte[] b = Files.readAllBytes(p);
            if (b.length == 0) {
                throw new UsageException(what + " " + p + " is empty");
            }
            return b;
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + " " + p + ": " + describe(e).replace(p + ": ", ""));
        }
    }

    private Map<String, Object> oneShot(QccDevice dev) throws Exception {
        int n = (int) (long) read;
        byte[] data = dev.oneShot(n);
        try (DataSink sink = new DataSink(outputFile, append, n)) { // opened after the read: a failed read leaves -o FILE as it was
            sink.write(data, 0, n);
            return readResult(n, "one-shot", sink);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private Map<String, Object> continuousRead(QccDevice dev) throws Exception {
        long n = read;
        try (DataSink sink = new DataSink(outputFile, append, n);
                ByteProgress p = progress("reading", n, n > PROGRESS_THRESHOLD)) {
            dev.startContinuous();
            byte[] block = new byte[(int) Math.min(readBlockSize, n)];
            long done = 0;
            try {
                while (done < n) {
                    int len = (int) Math.min(block.length, n - done);
                    dev.readContinuous(block, 0, len);
                    sink.write(block, 0, len);
                    done += len;
                    p.update(done);
                }
            } finally {
                Arrays.fill(block, (byte) 0);
            }
            dev.stop();
            return readResult(n, "continuous", sink);
        }
    }

    private Map<String, Object> readResult(long n, String mode, DataSink sink) {
        Map<String, Object> m = map("bytes", n, "mode", mode);
        if (sink.file() != null) {
            m.put("file", sink.file());
            human("Read " + n + " bytes (" + mode + ") into " + sink.file() + ".");
        } else if (sink.hex() != null) {
            m.put("data", sink.hex());
        }
        return m;
    }

    private Map<String, Object> signedRead(QCicadaDevice dev) throws Exception {
        int n = signedRead;
        SignedRead r = dev.signedRead(n);
        boolean valid = r.verify(dev.devicePublicKey());
        try (DataSink sink = new DataSink(outputFile, append, n)) { // opened after the read, as for -r
            HexFormat hex = HexFormat.of();
            try {
                sink.write(r.data(), 0, n);
            } finally {
                r.wipe();
            }
            Map<String, Object> m = map("bytes", n, "signature", hex.formatHex(r.signature()),
                    "valid_for_device_key", valid);
            if (sink.file() != null) {
                Path sig = Path.of(sink.file() + ".sig");
                Files.write(sig, r.signature());
                m.put("file", sink.file());
                m.put("signature_file", sig.toString());
                human("Signed read of " + n + " bytes into " + sink.file() + ", signature (r||s) into " + sig
                        + (valid ? "; it verifies under the device's key (not CA-checked: see qcicada --read-verify)."
                                : "; it does NOT verify under the device's key."));
            } else if (sink.hex() != null) {
                m.put("data", sink.hex());
            } else {
                var err = spec.commandLine().getErr();
                err.println("signature (r||s): " + hex.formatHex(r.signature()) + (valid ? "" : " (does NOT verify)"));
                err.flush();
            }
            return m;
        }
    }

    private int discover(QccOptions options) throws IOException {
        List<Path> ports = QccDiscovery.candidates(discoveryPatterns);
        List<QccDiscovery.Probe> probes = QccDiscovery.probe(ports, QccDiscovery.PROBE_OPTIONS.withTrace(options.trace()));
        List<Object> found = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (QccDiscovery.Probe p : probes) {
            if (p.found()) {
                Map<String, Object> m = map("port", p.port().toString());
                m.putAll(Views.info(p.info()));
                found.add(m);
                text.append(String.format("%-20s %-24s %-16s fw %s%n", p.port(), p.info().serial(), p.info().hardwareInfo(),
                        p.info().firmwareVersionString()));
            } else if (verbose) {
                text.append(String.format("%-20s (not a QRNG: %s)%n", p.port(), p.error()));
            }
        }
        if (json) {
            printJson(map("devices", found));
        } else if (found.isEmpty()) {
            out().println("No QRNG found (" + ports.size() + " candidate ports on " + String.join(", ", discoveryPatterns) + ").");
        } else {
            out().print(text);
        }
        out().flush();
        return ExitCodes.OK;
    }
}
