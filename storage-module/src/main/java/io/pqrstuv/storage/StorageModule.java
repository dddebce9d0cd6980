package io.pqrstuv.storage;

import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.serial.Link;
import io.pqrstuv.storage.command.CommandProcessor;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.info.DeviceIdentity;
import io.pqrstuv.storage.info.DeviceInfo;
import io.pqrstuv.storage.server.StorageModuleServer;
import io.pqrstuv.storage.store.SecureStorage;
import io.pqrstuv.storage.store.StorageException;
import io.pqrstuv.storage.store.StorageFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running storage module: storage, processor and server on a link, served on its own thread.
 * {@link #close()} lets the command in progress finish, then closes link, RAM state and storage,
 * so a SIGTERM leaves the persistent state intact.
 */
public final class StorageModule implements AutoCloseable {
    private final SecureStorage storage;
    private final CommandProcessor processor;
    private final StorageModuleServer server;
    private final Thread thread;
    private volatile Throwable failure;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Wiring of one module; every field is fixed at launch (D-46). */
    public record Config(Path stateDir, String vault, EntropySource entropy, DeviceCrypto crypto, InstantSource clock,
            List<Algorithm> profile) {
        public Config {
            Objects.requireNonNull(stateDir);
            Objects.requireNonNull(vault);
            Objects.requireNonNull(entropy);
            Objects.requireNonNull(crypto);
            Objects.requireNonNull(clock);
            profile = List.copyOf(profile);
        }
    }

    private StorageModule(SecureStorage storage, CommandProcessor processor, Link link) {
        this.storage = storage;
        this.processor = processor;
        this.server = new StorageModuleServer(link, processor);
        this.thread = Thread.ofPlatform().name("icp-server").unstarted(this::run);
    }

    /** Opens the state and starts serving {@code link}. */
    public static StorageModule start(Config config, Link link) throws IOException, StorageException {
        String serial = DeviceIdentity.loadOrCreate(config.stateDir(), config.entropy());
        SecureStorage storage = StorageFactory.open(config.vault(), config.stateDir(), config.entropy().secureRandom());
        CommandProcessor processor = new CommandProcessor(config.crypto(), storage, config.entropy(), config.clock(),
                new DeviceInfo(serial, config.profile()), config.profile());
        StorageModule module = new StorageModule(storage, processor, link);
        module.thread.start();
        return module;
    }

    private void run() {
        try {
            server.serve();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /** Blocks until the server stops (link closed or {@link #close()}). */
    public void awaitTermination() throws InterruptedException {
        thread.join();
    }

    /** Why the server stopped on its own, if it did. */
    public Throwable failure() {
        return failure;
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public void close() throws IOException, StorageException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop();
        try {
            thread.join(Duration.ofMinutes(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.close();
        } finally {
            processor.close();
            storage.close();
        }
    }
}
