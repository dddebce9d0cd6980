package io.pqrstuv.benchmarks.vault;

import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.Trust;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A whole device as users start it, {@code ./pqrstuv device --vault V}, in its own process: its
 * own JVM (JIT, GC and heap are not shared between the vaults compared), HTTPS on a free loopback
 * port, its state in a directory kept across the runs of one vault.
 */
public final class DeviceProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Path state;
    private final List<String> output = new ArrayList<>();

    private DeviceProcess(Process process, int port, Path state) {
        this.process = process;
        this.port = port;
        this.state = state;
    }

    /** Starts {@code launcher device} and waits until its HTTPS server listens. */
    public static DeviceProcess start(Path launcher, Path state, String vault, String lineRate, Map<String, String> env)
            throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "device", "--state", state.toString(),
                "--listen", "127.0.0.1:" + port, "--line-rate", lineRate, "--vault", vault)
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        DeviceProcess d = new DeviceProcess(pb.start(), port, state);
        CountDownLatch ready = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(d.process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (d.output) {
                        d.output.add(line);
                    }
                    if (line.startsWith("Operation module listening on")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.countDown();
        });
        if (!ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !d.process.isAlive()) {
            d.close();
            throw new IOException("the device (vault " + vault + ", " + lineRate + ") did not start:\n" + d.output());
        }
        return d;
    }

    /** A client of this device with its own keep-alive HTTPS connection. */
    public PqrstuvClient client() throws IOException {
        return PqrstuvClient.builder(URI.create("https://127.0.0.1:" + port),
                Trust.certificateFile(state.resolve("operation").resolve("tls").resolve("cert.pem"))).build();
    }

    /** The device JVM's process id (the launcher execs java for device commands). */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** SIGTERM: the device closes its modules (and its vault) in order, as on Ctrl-C. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
