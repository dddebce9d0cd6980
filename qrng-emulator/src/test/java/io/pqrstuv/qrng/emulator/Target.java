package io.pqrstuv.qrng.emulator;

import io.pqrstuv.qrng.emulator.link.RawTty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The device a black-box test talks to: a fresh emulator on a pty, or — with
 * {@code -Dpqrstuv.qrng.tty=/dev/ttyUSB0} — a real QCicada (then {@link #emulator()} is null and tests
 * that need the emulator's controls, or that would change the device for good, are skipped).
 */
public final class Target implements AutoCloseable {
    public static final String REAL_TTY = System.getProperty("pqrstuv.qrng.tty", "").strip();

    private final QcicadaEmulator emulator;
    private final Path tty;
    private final Path dir;

    private Target(QcicadaEmulator emulator, Path tty, Path dir) {
        this.emulator = emulator;
        this.tty = tty;
        this.dir = dir;
    }

    public static boolean real() {
        return !REAL_TTY.isEmpty();
    }

    public static Target start(EmulatorRate rate) throws IOException {
        return start(QcicadaEmulator.builder().rate(rate));
    }

    /** A fresh emulator from {@code builder} (its state directory is made here), or the real device. */
    public static Target start(QcicadaEmulator.Builder builder) throws IOException {
        if (real()) {
            return new Target(null, Path.of(REAL_TTY), null);
        }
        Path dir = Files.createTempDirectory("qcicada-emu-test");
        QcicadaEmulator emu = builder.stateDir(dir.resolve("state")).build();
        Path tty = emu.servePty(dir.resolve("ttyQCicada"));
        return new Target(emu, tty, dir);
    }

    public QcicadaEmulator emulator() {
        return emulator;
    }

    public Path tty() {
        return tty;
    }

    public Path dir() {
        return dir;
    }

    public RawTty open() throws IOException {
        return RawTty.open(tty);
    }

    @Override
    public void close() throws IOException {
        if (emulator != null) {
            emulator.close();
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
