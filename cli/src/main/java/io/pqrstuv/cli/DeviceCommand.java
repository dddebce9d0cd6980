package io.pqrstuv.cli;

import io.pqrstuv.cli.device.Banner;
import io.pqrstuv.cli.device.DeviceLayout;
import io.pqrstuv.cli.device.HostPort;
import io.pqrstuv.cli.device.NextSteps;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pqrstuv device}: a whole device in one process — a storage module and an operation module
 * joined by an in-memory link that behaves like the 9600-bps wire unless told otherwise.
 */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Start a whole PQRSTUV device (storage module + operation module) in this process.")
public final class DeviceCommand implements Callable<Integer> {
    private static final String DEFAULT_LISTEN = "127.0.0.1:8443";

    @Option(names = "--state", paramLabel = "DIR",
            description = "State directory (default: ~/.pqrstuv/device): storage/, operation/ (TLS, syslog), export/.")
    Path state;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = DEFAULT_LISTEN,
            description = "HTTPS listen address (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--line-rate", paramLabel = "BAUD|unlimited", defaultValue = "9600",
            description = "Speed of the internal link between the modules (default: ${DEFAULT-VALUE} bps, as the real wire).")
    String lineRate;

    @Option(names = "--vault", paramLabel = "NAME", defaultValue = "dev",
            description = "Storage-module key vault (default: ${DEFAULT-VALUE}).")
    String vault;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (Exception e) {
            return OperationModuleCommand.fail("device", e);
        }
    }

    private int run() throws Exception {
        LineRate rate = LineRate.parse(lineRate);
        DeviceLayout layout = new DeviceLayout(state != null ? state : DeviceLayout.defaultRoot());
        for (Path dir : new Path[] {layout.root(), layout.storage(), layout.operation(), layout.export()}) {
            createPrivate(dir);
        }
        PipeLink.Pair wire = PipeLink.pair();
        // The two modules start side by side (as two boards would): the operation module's first
        // ICP command simply waits in the pipe until the storage module reads it.
        CompletableFuture<StorageModule> storageStart = CompletableFuture.supplyAsync(() -> {
            try {
                return StorageModule.start(new StorageModule.Config(layout.storage(), vault, new DrbgEntropySource(),
                        new JcaDeviceCrypto(), InstantSource.system(), Algorithm.PROFILE), wire.b());
            } catch (Exception e) {
                wire.b().close(); // the operation module's pending command then fails instead of waiting
                throw new CompletionException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        OperationModule operation;
        StorageModule storage;
        try {
            operation = OperationModule.start(new OperationModule.Settings(HostPort.parse(listen), layout.operation(),
                    Optional.of(layout.export()), rate.isUnlimited() ? 0 : rate.baud()),
                    RateLimitedLink.wrap(wire.a(), rate));
        } catch (Exception e) {
            storageStart.handle((s, x) -> s).thenAccept(DeviceCommand::closeQuietly);
            throw e;
        }
        try {
            storage = storageStart.join();
        } catch (CompletionException e) {
            operation.close();
            throw e.getCause() instanceof Exception x ? x : e;
        }
        System.out.println("PQRSTUV device: storage module (vault " + vault + ") and operation module, internal link "
                + (rate.isUnlimited() ? "unlimited" : rate.baud() + " bps") + ", state " + layout.root().toAbsolutePath());
        Banner.print(System.out, operation);
        NextSteps.print(System.out, operation.url(), operation.certificatePath().toString(), DEFAULT_LISTEN.equals(listen));
        return OperationModuleCommand.serveUntilStopped(operation, storage);
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
