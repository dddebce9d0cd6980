package io.pqrstuv.client;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The whole device the end-to-end tests talk to. With PQRSTUV_E2E_URL and PQRSTUV_E2E_CACERT set
 * (and PQRSTUV_E2E_SECRET if its secret is not empty) that external device; otherwise a fresh one
 * in this process: the real storage module (memory vault, temporary state) and the real operation
 * module on a free local port, joined by an in-memory link at unlimited line rate.
 */
final class E2eDevice implements AutoCloseable {
    private final URI url;
    private final Trust trust;
    private final byte[] secret;
    private final OperationModule operation;
    private final StorageModule storage;
    private final Path state;

    private E2eDevice(URI url, Trust trust, byte[] secret, OperationModule operation, StorageModule storage, Path state) {
        this.url = url;
        this.trust = trust;
        this.secret = secret;
        this.operation = operation;
        this.storage = storage;
        this.state = state;
    }

    static boolean external() {
        return System.getenv("PQRSTUV_E2E_URL") != null;
    }

    static E2eDevice start() throws Exception {
        String url = System.getenv("PQRSTUV_E2E_URL");
        if (url != null) {
            String cert = System.getenv("PQRSTUV_E2E_CACERT");
            if (cert == null) {
                throw new IllegalStateException("PQRSTUV_E2E_URL is set: set PQRSTUV_E2E_CACERT to its certificate too");
            }
            String s = System.getenv("PQRSTUV_E2E_SECRET");
            return new E2eDevice(URI.create(url), Trust.certificateFile(Path.of(cert)),
                    s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8), null, null, null);
        }
        Path state = Files.createTempDirectory("pqrstuv-e2e");
        PipeLink.Pair wire = PipeLink.pair();
        // The storage module answers the operation module's start-up GET_INFO, so it starts first
        // on its own thread; the operation module's command waits in the pipe meanwhile.
        var storageStart = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return StorageModule.start(new StorageModule.Config(state.resolve("storage"), "memory",
                        new DrbgEntropySource(), new JcaDeviceCrypto(), InstantSource.system(), Algorithm.PROFILE), wire.b());
            } catch (Exception e) {
                wire.b().close();
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        OperationModule operation;
        try {
            operation = OperationModule.start(new OperationModule.Settings(
                    new InetSocketAddress("127.0.0.1", 0), state.resolve("operation"),
                    Optional.of(state.resolve("export")), 0), wire.a());
        } catch (Exception e) {
            storageStart.handle((s, x) -> s).thenAccept(s -> {
                try {
                    if (s != null) {
                        s.close();
                    }
                } catch (Exception ignored) {
                    // already failing: the start-up error is what the test reports
                }
            });
            throw e;
        }
        StorageModule storage;
        try {
            storage = storageStart.join();
        } catch (RuntimeException e) {
            operation.close();
            throw e;
        }
        return new E2eDevice(URI.create(operation.url()), Trust.certificateFile(operation.certificatePath()), new byte[0],
                operation, storage, state);
    }

    PqrstuvClient connect() {
        return PqrstuvClient.builder(url, trust).build();
    }

    /** The device's secret at the start (a fresh device: empty, D-8); a copy for the caller to wipe. */
    byte[] secret() {
        return secret.clone();
    }

    @Override
    public void close() throws Exception {
        if (operation != null) {
            try {
                operation.close();
            } finally {
                try {
                    storage.close();
                } finally {
                    deleteTree(state);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
