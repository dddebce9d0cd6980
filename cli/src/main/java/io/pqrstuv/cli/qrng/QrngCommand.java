package io.pqrstuv.cli.qrng;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.JsonOutput;
import io.pqrstuv.cli.console.Terminal;
import io.pqrstuv.qrng.QccDiscovery;
import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.QccUnhealthyException;
import io.pqrstuv.qrng.QccUpdateException;
import io.pqrstuv.qrng.error.QccDisconnectedException;
import io.pqrstuv.qrng.error.QccException;
import io.pqrstuv.qrng.error.QccNackException;
import io.pqrstuv.qrng.error.QccProtocolException;
import io.pqrstuv.qrng.error.QccTimeoutException;
import io.pqrstuv.qrng.qcicada.QccCertificateException;
import io.pqrstuv.qrng.qcicada.QccSignatureException;
import io.pqrstuv.qrng.transport.QccEndpoint;
import io.pqrstuv.qrng.transport.QccInterface;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shared shape of {@code qcc} and {@code qcicada}: how to reach the device, human or JSON output,
 * raw data output that refuses a terminal, and every failure as one line on stderr with an exit code.
 */
abstract class QrngCommand implements Callable<Integer> {
    /** Test hooks. */
    static Terminal terminal = Terminal.system();
    static PrintStream binaryOut = System.out;
    static PrintStream progressErr = System.err;
    static BooleanSupplier stdoutIsTerminal = () -> Tty.isTerminal(1);
    static BooleanSupplier stderrIsTerminal = () -> Tty.isTerminal(2);
    static List<String> discoveryPatterns = QccDiscovery.DEFAULT_PATTERNS;

    static final String EXIT_CODES = "%nExit codes: 0 ok, 1 hash test mismatch or signature/certificate invalid, "
            + "2 usage or input error, 3 device unreachable or not answering, 4 device refused (NACK, update error, "
            + "health failure), 6 protocol error, 7 aborted, 70 internal error.";

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "IF", defaultValue = "serial",
            description = "serial, tcp or tcpudp (default: ${DEFAULT-VALUE}). pyqcc-cli's udp is refused: nothing defines it.")
    String iface;

    @Option(names = {"-d", "--device"}, paramLabel = "DEVICE",
            description = "Serial port (e.g. /dev/ttyUSB0), or HOST[:PORT] for tcp/tcpudp (port 54936 by default). "
                    + "Serial default: the only QRNG found by --discover.")
    String device;

    @Option(names = "--udp-port", paramLabel = "PORT", defaultValue = "54936",
            description = "tcpudp: the host UDP port the device sends data to (default: ${DEFAULT-VALUE}).")
    int udpPort;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "2000",
            description = "Response timeout per command in ms (default: ${DEFAULT-VALUE}); data reads add 0.1 ms per byte.")
    long timeoutMillis;

    @Option(names = {"-v", "--verbose"}, description = "Print every command and reply (never random data) on stderr.")
    boolean verbose;

    @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar for big reads and firmware updates.")
    boolean noProgress;

    /** The command body. */
    abstract int run() throws Exception;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (UsageException e) {
            return fail(e.code, e.getMessage());
        } catch (QccSignatureException | QccCertificateException e) {
            return fail(ExitCodes.INVALID_SIGNATURE, e.getMessage());
        } catch (QccNackException | QccUpdateException | QccUnhealthyException e) {
            return fail(ExitCodes.DEVICE_REFUSED, e.getMessage());
        } catch (QccTimeoutException | QccDisconnectedException e) {
            return fail(ExitCodes.UNREACHABLE, e.getMessage());
        } catch (QccProtocolException e) {
            return fail(ExitCodes.PROTOCOL, e.getMessage());
        } catch (QccException e) {
            return fail(ExitCodes.UNREACHABLE, e.getMessage());
        } catch (DeviceOpenException e) {
            return fail(ExitCodes.UNREACHABLE, e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
            return fail(ExitCodes.USAGE, e.getMessage());
        } catch (IOException e) {
            return fail(ExitCodes.USAGE, describe(e));
        } catch (Exception e) {
            return fail(ExitCodes.INTERNAL, "internal error: " + e);
        }
    }

    int fail(int code, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("pqrstuv " + spec.name() + ": " + (message == null ? "failed" : message.replaceAll("\\s+", " ")));
        err.flush();
        return code;
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }

    /** A one-line usage or input error with its exit code. */
    static final class UsageException extends Exception {
        final int code;

        UsageException(String message) {
            this(ExitCodes.USAGE, message);
        }

        UsageException(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** The device could not be opened (missing port, refused connection). */
    static final class DeviceOpenException extends Exception {
        DeviceOpenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    QccOptions options() throws UsageException {
        if (timeoutMillis < 1 || timeoutMillis > 600_000) {
            throw new UsageException("--timeout must be 1..600000 ms, got " + timeoutMillis);
        }
        QccOptions o = QccOptions.defaults().withResponseTimeout(Duration.ofMillis(timeoutMillis));
        if (o.stopTimeout().compareTo(o.responseTimeout()) < 0) {
            o = o.withStopTimeout(o.responseTimeout().plusSeconds(1));
        }
        if (verbose) {
            PrintWriter err = spec.commandLine().getErr();
            String name = spec.name();
            o = o.withTrace(line -> {
                err.println(name + ": " + line);
                err.flush();
            });
        }
        return o;
    }

    /** Where the device is, from -i/-d (discovering the serial port when -d is absent). */
    QccEndpoint endpoint(QccOptions options) throws UsageException, IOException {
        QccInterface i;
        try {
            i = QccInterface.parse(iface);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (device == null) {
            if (i != QccInterface.SERIAL) {
                throw new UsageException("-d HOST[:PORT] is needed for " + i.cliName());
            }
            return QccEndpoint.serial(discoverOne(options));
        }
        try {
            return switch (i) {
                case SERIAL -> QccEndpoint.serial(Path.of(device));
                case TCP -> new QccEndpoint(QccInterface.TCP, device, udpPort);
                case TCPUDP -> new QccEndpoint(QccInterface.TCPUDP, device, udpPort);
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private Path discoverOne(QccOptions options) throws IOException, UsageException {
        List<Path> ports = QccDiscovery.candidates(discoveryPatterns);
        List<QccDiscovery.Probe> found = QccDiscovery.probe(ports, QccDiscovery.PROBE_OPTIONS.withTrace(options.trace()))
                .stream().filter(QccDiscovery.Probe::found).toList();
        if (found.size() == 1) {
            return found.get(0).port();
        }
        if (found.isEmpty()) {
            throw new UsageException(ExitCodes.UNREACHABLE, "no QRNG found on " + String.join(", ", discoveryPatterns)
                    + ": give the port with -d");
        }
        throw new UsageException("several QRNGs found (" + String.join(", ", found.stream()
                .map(p -> p.port() + " " + p.info().serial()).toList()) + "): choose one with -d");
    }

    static DeviceOpenException cannotOpen(QccEndpoint ep, IOException e) {
        return new DeviceOpenException("cannot open " + ep + ": " + e.getMessage(), e);
    }

    /** Progress bars only for a person watching: stderr a terminal, no --json, no --no-progress. */
    ByteProgress progress(String what, long total, boolean worthIt) {
        return new ByteProgress(progressErr, what, total,
                worthIt && !noProgress && !json && stderrIsTerminal.getAsBoolean());
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    void printJson(Object value) {
        out().println(JsonOutput.of(value));
        out().flush();
    }

    void human(String text) {
        if (!json) {
            out().println(text);
            out().flush();
        }
    }

    /**
     * Refuses a destination for {@code length} random bytes that {@link DataSink} would refuse: called
     * before the device is opened, so that a usage error never follows a change made to the device.
     */
    void checkDestination(String file, boolean append, long length) throws UsageException {
        if (file != null) {
            Path p = Path.of(file).toAbsolutePath();
            if (Files.isDirectory(p)) {
                throw new UsageException("cannot write " + file + ": it is a directory");
            }
            if (p.getParent() != null && !Files.isDirectory(p.getParent())) {
                throw new UsageException("cannot write " + file + ": no such directory " + p.getParent());
            }
            return;
        }
        if (append) {
            throw new UsageException("-a needs -o FILE");
        }
        if (json) {
            if (length > 1_000_000) {
                throw new UsageException("--json carries data as hex only up to 1 MB: add -o FILE");
            }
        } else if (stdoutIsTerminal.getAsBoolean()) {
            throw new UsageException("refusing to write " + length + " random bytes to a terminal: use -o FILE, "
                    + "or pipe them (| xxd)");
        }
    }

    /**
     * Where random data goes: {@code -o FILE} (appended with {@code -a}), else stdout, which must not
     * be a terminal (random bytes would garble it) unless JSON carries the data as hex.
     */
    final class DataSink implements AutoCloseable {
        private final OutputStream stream;
        private final String file;
        private final java.io.ByteArrayOutputStream forJson;

        DataSink(String file, boolean append, long length) throws UsageException, IOException {
            this.file = file;
            checkDestination(file, append, length);
            if (file != null) {
                Path p = Path.of(file);
                this.stream = append
                        ? Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)
                        : Files.newOutputStream(p);
                this.forJson = null;
            } else if (json) {
                this.forJson = new java.io.ByteArrayOutputStream();
                this.stream = forJson;
            } else {
                this.stream = binaryOut;
                this.forJson = null;
            }
        }

        void write(byte[] b, int off, int len) throws IOException {
            stream.write(b, off, len);
        }

        String file() {
            return file;
        }

        /** The data as hex for JSON (when no file was given), else null. */
        String hex() {
            return forJson == null ? null : java.util.HexFormat.of().formatHex(forJson.toByteArray());
        }

        @Override
        public void close() throws IOException {
            if (stream == binaryOut) {
                binaryOut.flush();
            } else if (forJson == null) {
                stream.close();
            }
        }
    }
}
