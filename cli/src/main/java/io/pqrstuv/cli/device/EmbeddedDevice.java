package io.pqrstuv.cli.device;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A whole device in this process: a storage module and an operation module joined by an in-memory
 * link paced at the given line rate. Used by {@code pqrstuv device} and by the end-to-end tests.
 */
public final class EmbeddedDevice implements AutoCloseable {
    private final DeviceLayout layout;
    private final OperationModule operation;
    private final StorageModule storage;

    private EmbeddedDevice(DeviceLayout layout, OperationModule operation, StorageModule storage) {
        this.layout = layout;
        this.operation = operation;
        this.storage = storage;
    }

    /** Creates the state directories (owner-only) and starts both modules. */
    public static EmbeddedDevice start(DeviceLayout layout, InetSocketAddress listen, LineRate rate, String vault)
            throws Exception {
        for (Path dir : new Path[] {layout.root(), layout.storage(), layout.operation(), layout.export()}) {
            createPrivate(dir);
        }
        PipeLink.Pair wire = PipeLink.pair();
        // The two modules start side by side (as two boards would): the operation module's first
        // ICP command simply waits in the pipe until the storage module reads it.
        CompletableFuture<StorageModule> storageStart;
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            storageStart = CompletableFuture.supplyAsync(() -> {
                try {
                    return StorageModule.start(new StorageModule.Config(layout.storage(), vault, new DrbgEntropySource(),
                            new JcaDeviceCrypto(), InstantSource.system(), Algorithm.PROFILE), wire.b());
                } catch (Exception e) {
                    wire.b().close(); // the operation module's pending command then fails instead of waiting
                    throw new CompletionException(e);
                }
            }, starter);
            OperationModule operation;
            try {
                operation = OperationModule.start(new OperationModule.Settings(listen, layout.operation(),
                        Optional.of(layout.export()), rate.isUnlimited() ? 0 : rate.baud()),
                        RateLimitedLink.wrap(wire.a(), rate));
            } catch (Exception e) {
                storageStart.handle((s, x) -> s).thenAccept(EmbeddedDevice::closeQuietly);
                throw e;
            }
            try {
                return new EmbeddedDevice(layout, operation, storageStart.join());
            } catch (CompletionException e) {
                operation.close();
                throw e.getCause() instanceof Exception x ? x : e;
            }
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
        try {
            operation.close();
        } finally {
            storage.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing
            }
        }
    }

    private static void createPrivate(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX: the umask decides
        }
    }
}
