package io.pqrstuv.operation.mitm;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.serial.Links;
import io.pqrstuv.testkit.tap.IcpTap;
import io.pqrstuv.testkit.tap.TapRecording;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import io.pqrstuv.testkit.tls.PinnedTrust;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The real storage module (vault {@code memory}) and the real operation module (HTTPS, TLS 1.3),
 * each on its own socat pty opened as a serial port, with an {@link IcpTap} relaying between the
 * two ptys at the full pty rate (no pacing):
 *
 * <pre>
 *   HTTPS client ── operation module ── pty A ── IcpTap ── pty B ── storage module
 * </pre>
 *
 * The tests see the device only through HTTPS and the tap's recording.
 */
final class MitmDevice implements AutoCloseable {
    private final IcpTap tap;
    private final StorageModule storage;
    private final OperationModule operation;

    private MitmDevice(IcpTap tap, StorageModule storage, OperationModule operation) {
        this.tap = tap;
        this.storage = storage;
        this.operation = operation;
    }

    /** True if a {@code socat} executable is on the PATH (the tap's ptys need it). */
    static boolean socatAvailable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "socat"))) {
                return true;
            }
        }
        return false;
    }

    /** Starts both modules behind a fresh tap; the operation module waits {@code timeouts} for replies. */
    static MitmDevice start(ReplyTimeouts timeouts) throws Exception {
        Path state = Files.createTempDirectory("mitm-state");
        IcpTap tap = IcpTap.overSocatPtys();
        StorageModule storage = null;
        try {
            storage = StorageModule.start(new StorageModule.Config(state.resolve("storage"), "memory",
                    new DrbgEntropySource(), new JcaDeviceCrypto(), InstantSource.system(), Algorithm.PROFILE),
                    Links.open("serial:" + tap.storageModuleDevice()));
            OperationModule operation = OperationModule.start(new OperationModule.Settings(
                    new InetSocketAddress("127.0.0.1", 0), state.resolve("operation"),
                    Optional.of(Files.createTempDirectory("mitm-export")), timeouts, "logger"),
                    Links.open("serial:" + tap.operationModuleDevice()));
            return new MitmDevice(tap, storage, operation);
        } catch (Exception | Error e) {
            if (storage != null) {
                storage.close();
            }
            tap.close();
            throw e;
        }
    }

    IcpTap tap() {
        return tap;
    }

    TapRecording recording() {
        return tap.recording();
    }

    /** A client that trusts only the certificate this operation module serves. */
    EcpTestClient client() throws Exception {
        return new EcpTestClient(operation.url(), new PinnedTrust(List.of(operation.certificate())));
    }

    /**
     * Waits until every request the tap has seen so far has its response (or {@code timeout}
     * passes), then forgets the recording and any unspent fault: a clean slate for the next check.
     */
    void quiesce(Duration timeout) throws Exception {
        tap.clearFaults();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (recording().responses().size() < recording().requests().size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        recording().clear();
    }

    /** Whether the storage module's server thread is still serving (it stops only on a link failure). */
    boolean storageRunning() {
        return storage.isRunning();
    }

    @Override
    public void close() throws Exception {
        try {
            operation.close();
        } finally {
            try {
                storage.close();
            } finally {
                tap.close();
            }
        }
    }
}
