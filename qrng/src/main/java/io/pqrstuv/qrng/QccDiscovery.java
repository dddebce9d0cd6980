package io.pqrstuv.qrng;

import com.fazecast.jSerialComm.SerialPort;
import io.pqrstuv.qrng.error.QccException;
import io.pqrstuv.qrng.wire.QccInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds QRNGs on serial ports (notes §3.1): list candidate ports by name, then probe each one
 * (open, STOP and drain, GET_INFO). USB IDs are not published, so names and the GET_INFO answer
 * are what identify a device. Probing writes to the ports it tries: only ports matching the
 * patterns are touched.
 */
public final class QccDiscovery {
    /** QCicada (FTDI), Firefly (CDC-ACM), Dragonfly, and macOS FTDI names. */
    public static final List<String> DEFAULT_PATTERNS =
            List.of("/dev/ttyUSB*", "/dev/ttyACM*", "/dev/ttyQRNG*", "/dev/cu.usbserial-*");

    /** Short timeouts for probing: a port that is not a QRNG should not cost long. */
    public static final QccOptions PROBE_OPTIONS = QccOptions.defaults()
            .withResponseTimeout(Duration.ofMillis(500))
            .withStopSilence(Duration.ofMillis(150))
            .withStopTimeout(Duration.ofSeconds(2));

    private QccDiscovery() {
    }

    /** One probed port: the device's info, or why it is not a usable QRNG. */
    public record Probe(Path port, QccInfo info, String error) {
        public boolean found() {
            return info != null;
        }

        /** True for a QCicada ({@code hw_info} starts with {@code CICADA-QRNG-}). */
        public boolean isQCicada() {
            return info != null && info.hardwareInfo().startsWith("CICADA-QRNG-");
        }
    }

    /** Candidate ports matching the default patterns, sorted (on Windows: every COM port jSerialComm lists). */
    public static List<Path> candidates() throws IOException {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            List<Path> ports = new ArrayList<>();
            for (SerialPort p : SerialPort.getCommPorts()) {
                ports.add(Path.of(p.getSystemPortPath()));
            }
            return ports;
        }
        return candidates(DEFAULT_PATTERNS);
    }

    /** Paths matching glob patterns whose directory part is literal, e.g. {@code /dev/ttyUSB*}. */
    public static List<Path> candidates(List<String> patterns) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String pattern : patterns) {
            Path p = Path.of(pattern);
            Path dir = p.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p.getFileName().toString())) {
                for (Path f : ds) {
                    out.add(f);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Probes each port in turn. */
    public static List<Probe> probe(List<Path> ports, QccOptions options) {
        List<Probe> out = new ArrayList<>();
        for (Path port : ports) {
            out.add(probe(port, options));
        }
        return out;
    }

    public static Probe probe(Path port, QccOptions options) {
        try (QccDevice d = QccDevice.openSerial(port, options.withStopOnOpen(true))) {
            return new Probe(port, d.info(), null);
        } catch (IOException | RuntimeException e) {
            return new Probe(port, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Opens the device whose serial number is {@code serial} among the default candidates. */
    public static QccDevice openBySerial(String serial, QccOptions options) throws IOException {
        return openBySerial(serial, candidates(), options);
    }

    public static QccDevice openBySerial(String serial, List<Path> ports, QccOptions options) throws IOException {
        Objects.requireNonNull(serial, "serial");
        List<String> seen = new ArrayList<>();
        for (Path port : ports) {
            Probe p = probe(port, PROBE_OPTIONS.withTrace(options.trace()));
            if (p.found()) {
                seen.add(port + " (" + p.info().serial() + ")");
                if (p.info().serial().equals(serial)) {
                    return QccDevice.openSerial(port, options);
                }
            }
        }
        throw new QccException("no QRNG with serial number " + serial + " among " + ports.size() + " candidate ports"
                + (seen.isEmpty() ? "" : "; found " + String.join(", ", seen)));
    }
}
