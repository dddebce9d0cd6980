package io.pqrstuv.cli.device;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.runtime.Lifecycle;
import io.pqrstuv.runtime.OwnerOnlyDirectory;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.entropy.QcicadaEntropySource;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A whole device in this process: a storage module and an operation module joined by an in-memory
 * link paced at the given line rate, the storage module drawing from the OS DRBG or a QCicada (real,
 * or emulated in this process). Used by {@code pqrstuv device} and by the end-to-end tests.
 */
public final class EmbeddedDevice implements AutoCloseable {
    private final Lifecycle parts;
    private final DeviceLayout layout;
    private final OperationModule operation;
    private final StorageBoard storage;

    private EmbeddedDevice(Lifecycle parts, DeviceLayout layout, OperationModule operation, StorageBoard storage) {
        this.parts = parts;
        this.layout = layout;
        this.operation = operation;
        this.storage = storage;
    }

    /** Creates the state directories (owner-only) and starts both modules, drawing from the OS DRBG. */
    public static EmbeddedDevice start(DeviceLayout layout, InetSocketAddress listen, LineRate rate, String vault)
            throws Exception {
        return start(layout, listen, rate, vault, Qrng.OS, line -> { });
    }

    /**
     * Creates the state directories (owner-only) and starts both modules; the storage module draws from
     * {@code qrng}, whose changes of health go to {@code qrngEvents} (one line each).
     */
    public static EmbeddedDevice start(DeviceLayout layout, InetSocketAddress listen, LineRate rate, String vault,
            Qrng qrng, Consumer<String> qrngEvents) throws Exception {
        for (Path dir : new Path[] {layout.root(), layout.storage(), layout.operation(), layout.export()}) {
            OwnerOnlyDirectory.create(dir);
        }
        PipeLink.Pair wire = PipeLink.pair();
        // Stopped in reverse: the operation module first (no new calls), then the storage side.
        Lifecycle parts = new Lifecycle();
        try {
            // The two modules start side by side (as two boards would): the operation module's first
            // ICP command simply waits in the pipe until the storage module reads it.
            Lifecycle.Background<StorageBoard> storage = parts.startInBackground(() -> {
                try {
                    return StorageBoard.start(layout, vault, qrng, qrngEvents, wire.b());
                } catch (Exception e) {
                    wire.b().close(); // the operation module's pending command then fails instead of waiting
                    throw e;
                }
            });
            OperationModule operation;
            try {
                operation = parts.add(OperationModule.start(new OperationModule.Settings(listen,
                        layout.operation(), Optional.of(layout.export()), rate.isUnlimited() ? 0 : rate.baud()),
                        RateLimitedLink.wrap(wire.a(), rate)));
            } catch (Exception e) {
                storage.await(); // a storage side that failed to start (e.g. its QRNG) is the reason to report
                throw e;
            }
            return new EmbeddedDevice(parts, layout, operation, storage.await());
        } catch (Throwable t) {
            parts.abort(t);
            throw t;
        }
    }

    /**
     * The storage module's board: the QRNG (emulated or opened), the entropy source on it, and the module.
     * Started in that order, stopped in reverse.
     */
    private record StorageBoard(Lifecycle parts, StorageModule module, EntropySource entropy,
            Optional<QcicadaEmulator> emulator) implements AutoCloseable {

        static StorageBoard start(DeviceLayout layout, String vault, Qrng qrng, Consumer<String> events, Link link)
                throws Exception {
            Lifecycle parts = new Lifecycle();
            try {
                QcicadaEmulator emulator = null;
                EntropySource entropy = switch (qrng) {
                    case Qrng.Os os -> new DrbgEntropySource();
                    case Qrng.Qcicada q -> parts.add(QcicadaEntropySource.open(q.tty(), q.caPublicKeyPem(), events));
                    case Qrng.Emulated e -> {
                        emulator = parts.add(QcicadaEmulator.builder().stateDir(layout.qrng()).rate(e.rate()).build());
                        Path tty = emulator.servePty(layout.qrng().resolve("tty"));
                        yield parts.add(QcicadaEntropySource.open(tty,
                                emulator.attestation().oemCaPublicKeyPem().orElseThrow(() -> new IllegalStateException(
                                        "the emulated QCicada in " + layout.qrng() + " has no OEM CA (a --blank device)")),
                                events));
                    }
                };
                StorageModule module = parts.add(StorageModule.start(new StorageModule.Config(layout.storage(), vault,
                        entropy, new JcaDeviceCrypto(), InstantSource.system(), Algorithm.PROFILE), link));
                return new StorageBoard(parts, module, entropy, Optional.ofNullable(emulator));
            } catch (Throwable t) {
                parts.abort(t);
                throw t;
            }
        }

        @Override
        public void close() throws Exception {
            parts.close();
        }
    }

    public DeviceLayout layout() {
        return layout;
    }

    public OperationModule operation() {
        return operation;
    }

    public StorageModule storage() {
        return storage.module();
    }

    /** Where the storage module's randomness comes from. */
    public EntropySource entropy() {
        return storage.entropy();
    }

    /** The QCicada emulated in this process ({@link Qrng.Emulated}), for its statistics and faults. */
    public Optional<QcicadaEmulator> qrngEmulator() {
        return storage.emulator();
    }

    public String url() {
        return operation.url();
    }

    public Path certificatePath() {
        return operation.certificatePath();
    }

    /** Closes the operation module first (no new calls), then the storage module, its entropy source and QRNG. */
    @Override
    public void close() throws Exception {
        parts.close();
    }
}
