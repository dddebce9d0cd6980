package io.pqrstuv.storage.vault;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A software TPM 2.0 (swtpm) on free loopback ports, started and stopped by a test. */
public final class Swtpm implements AutoCloseable {
    private final Path stateDir;
    private final int port;
    private Process process;

    private Swtpm(Path stateDir, int port) {
        this.stateDir = stateDir;
        this.port = port;
    }

    /** Starts a swtpm whose NV state lives in {@code stateDir}. */
    public static Swtpm start(Path stateDir) throws IOException, InterruptedException {
        Swtpm t = new Swtpm(stateDir, freePortPair());
        t.restart();
        return t;
    }

    /** TCTI string for tpm2-tools. */
    public String tcti() {
        return "swtpm:host=127.0.0.1,port=" + port;
    }

    /** Stops (if running) and starts the TPM again: PCRs reset, NV (persistent objects) kept. */
    public void restart() throws IOException, InterruptedException {
        stop();
        java.nio.file.Files.createDirectories(stateDir);
        process = new ProcessBuilder("swtpm", "socket", "--tpm2",
                "--tpmstate", "dir=" + stateDir,
                "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                "--flags", "not-need-init,startup-clear")
                .redirectErrorStream(true)
                .redirectOutput(stateDir.resolveSibling(stateDir.getFileName() + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("swtpm did not start on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Extends a SHA-256 PCR, as a changed boot component or a tamper switch would. */
    public void extendPcr(int pcr) throws IOException, InterruptedException {
        run("tpm2_pcrextend", "-T", tcti(), pcr + ":sha256=" + "ab".repeat(32));
    }

    public String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            if (p < 65535) {
                try (ServerSocket ctrl = new ServerSocket(p + 1)) {
                    return p;
                } catch (IOException taken) {
                    // try another pair
                }
            }
        }
        throw new IOException("no free port pair for swtpm");
    }
}
