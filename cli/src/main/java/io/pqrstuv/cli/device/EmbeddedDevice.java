package io.pqrstuv.cli.device;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.runtime.Lifecycle;
import io.pqrstuv.runtime.OwnerOnlyDirectory;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;

/**
 * A whole device in this process: a storage module and an operation module joined by an in-memory
 * link paced at the given line rate. Used by {@code pqrstuv device} and by the end-to-end tests.
 */
public final class EmbeddedDevice implements AutoCloseable {
    private final Lifecycle parts;
    private final DeviceLayout layout;
    private final OperationModule operation;
    private final StorageModule storage;

    private EmbeddedDevice(Lifecycle parts, DeviceLayout layout, OperationModule operation, StorageModule storage) {
        this.parts = parts;
        this.layout = layout;
        this.operation = operation;
        this.storage = storage;
    }

    /** Creates the state directories (owner-only) and starts both modules. */
    public static EmbeddedDevice start(DeviceLayout layout, InetSocketAddress listen, LineRate rate, String vault)
            throws Exception {
        for (Path dir : new Path[] {layout.root(), layout.storage(), layout.operation(), layout.export()}) {
            OwnerOnlyDirectory.create(dir);
        }
        PipeLink.Pair wire = PipeLink.pair();
        // Stopped in reverse: the operation module first (no new calls), then the storage module.
        Lifecycle parts = new Lifecycle();
        try {
            // The two modules start side by side (as two boards would): the operation module's first
            // ICP command simply waits in the pipe until the storage module reads it.
            Lifecycle.Background<StorageModule> storage = parts.startInBackground(() -> {
                try {
                    return StorageModule.start(new StorageModule.Config(layout.storage(), vault, new DrbgEntropySource(),
                            new JcaDeviceCrypto(), InstantSource.system(), Algorithm.PROFILE), wire.b());
                } catch (Exception e) {
                    wire.b().close(); // the operation module's pending command then fails instead of waiting
                    throw e;
                }
            });
            OperationModule operation = parts.add(OperationModule.start(new OperationModule.Settings(listen,
                    layout.operation(), Optional.of(layout.export()), rate.isUnlimited() ? 0 : rate.baud()),
                    RateLimitedLink.wrap(wire.a(), rate)));
            return new EmbeddedDevice(parts, layout, operation, storage.await());
        } catch (Throwable t) {
            parts.abort(t);
            throw t;
        }
    }

    public DeviceLayout layout() {
        return layout;
    }

    public OperationModule operation() {
        return operation;
    }

    public StorageModule storage() {
        return storage;
    }

    public String url() {
        return operation.url();
    }

    public Path certificatePath() {
        return operation.certificatePath();
    }

    /** Closes the operation module first (no new calls), then the storage module. */
    @Override
    public void close() throws Exception {
        parts.close();
    }
}
