package io.pqrstuv.storage;

import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.runtime.Lifecycle;
import io.pqrstuv.serial.Link;
import io.pqrstuv.storage.command.CommandProcessor;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.info.DeviceIdentity;
import io.pqrstuv.storage.info.InfoMap;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.server.StorageModuleServer;
import io.pqrstuv.storage.store.SecureStorage;
import io.pqrstuv.storage.store.StorageFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * One running storage module: storage, processor and server on a link, served on its own thread.
 * {@link #close()} lets the command in progress finish, then closes link, RAM state and storage,
 * so a SIGTERM leaves the persistent state intact.
 */
public final class StorageModule implements AutoCloseable {
    /** How long close() waits for the command in progress (an SLH-DSA "s" signature takes seconds). */
    private static final Duration FINISH_LIMIT = Duration.ofMinutes(2);

    private final Lifecycle parts;
    private final StorageModuleServer server;
    private final Thread thread;
    private volatile Throwable failure;

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

    private StorageModule(Lifecycle parts, CommandProcessor processor, Link link) {
        this.parts = parts;
        this.server = new StorageModuleServer(link, processor);
        this.thread = Thread.ofPlatform().name("icp-server").unstarted(this::run);
    }

    /**
     * Opens the state and starts serving {@code link}. If the start fails, what was opened is closed
     * again and the link stays the caller's; once started, the module owns the link.
     */
    public static StorageModule start(Config config, Link link) throws IOException, StorageException {
        // Started in this order, stopped in reverse: the server (and link) first, the storage last.
        Lifecycle parts = new Lifecycle();
        try {
            String serial = DeviceIdentity.loadOrCreate(config.stateDir(), config.entropy());
            SecureStorage storage = parts.add(
                    StorageFactory.open(config.vault(), config.stateDir(), config.entropy().secureRandom()));
            CommandProcessor processor = parts.add(new CommandProcessor(config.crypto(), storage, config.entropy(),
                    config.clock(), new InfoMap(serial, config.profile()), config.profile()));
            StorageModule module = new StorageModule(parts, processor, link);
            module.thread.start();
            parts.add(module, module::stopServing);
            return module;
        } catch (Throwable t) {
            parts.abort(t);
            throw t;
        }
    }

    private void run() {
        try {
            server.serve();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /** Lets the frame in progress finish, then closes the link. */
    private void stopServing() throws IOException {
        server.stop();
        try {
            thread.join(FINISH_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
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

    /** Stops serving, then zeroizes the RAM state (sessions, the SEC_SET_INIT key pair), then closes the storage. */
    @Override
    public void close() throws IOException, StorageException {
        try {
            parts.close();
        } catch (IOException | StorageException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected failure while stopping", e); // no part throws anything else
        }
    }
}
