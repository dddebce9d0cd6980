package io.pqrstuv.storage.testing;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.storage.entropy.EntropySourceException;
import io.pqrstuv.storage.entropy.QcicadaEntropySource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A QCicada emulator serving a real pty ({@code DIR/tty}), as shipped by its OEM (certificate burned,
 * CA public key in {@code DIR/oem-ca-pubkey.pem}), and the entropy sources opened on it, whose event
 * lines are collected.
 */
public final class EmulatedQcicada implements AutoCloseable {
    private final QcicadaEmulator emulator;
    private final Path tty;
    public final List<String> events = new CopyOnWriteArrayList<>();

    private EmulatedQcicada(QcicadaEmulator emulator, Path tty) {
        this.emulator = emulator;
        this.tty = tty;
    }

    /** A device in {@code dir} (new or kept from an earlier run) at {@code rate}, served on {@code DIR/tty}. */
    public static EmulatedQcicada start(Path dir, EmulatorRate rate) throws IOException {
        QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir).rate(rate).build();
        try {
            return new EmulatedQcicada(emu, emu.servePty(dir.resolve("tty")));
        } catch (IOException | RuntimeException e) {
            emu.close();
            throw e;
        }
    }

    public static EmulatedQcicada start(Path dir) throws IOException {
        return start(dir, EmulatorRate.unlimited());
    }

    public QcicadaEmulator emulator() {
        return emulator;
    }

    public Path tty() {
        return tty;
    }

    public Path caPublicKey() {
        return emulator.attestation().oemCaPublicKeyPem().orElseThrow();
    }

    public QcicadaEntropySource open(QcicadaEntropySource.Settings settings) throws EntropySourceException {
        return QcicadaEntropySource.open(tty, caPublicKey(), settings, events::add);
    }

    public QcicadaEntropySource open() throws EntropySourceException {
        return open(QcicadaEntropySource.Settings.defaults());
    }

    public long signedReads() {
        return emulator.statistics().signedReads();
    }

    /** The event lines of the sources opened here (failures and recoveries), in order. */
    public java.util.List<String> events() {
        return java.util.List.copyOf(events);
    }

    /** Event lines containing {@code marker}. */
    public long eventsWith(String marker) {
        return events.stream().filter(e -> e.contains(marker)).count();
    }

    /** Waits up to {@code limit} for {@code condition}; true if it came. */
    public static boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
