package io.pqrstuv.operation.http.attack;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link DeviceChild} in its own JVM under {@code prlimit --nofile=N:N}: the device as a process
 * whose open-file limit the test chooses and whose memory, threads and open files it can read.
 */
public final class AttackedDevice implements AutoCloseable {
    private final Process process;
    private final int port;
    private final X509Certificate certificate;
    private final List<String> output;

    private AttackedDevice(Process process, int port, X509Certificate certificate, List<String> output) {
        this.process = process;
        this.port = port;
        this.certificate = certificate;
        this.output = output;
    }

    public static boolean prlimitAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/prlimit")) || Files.isExecutable(Path.of("/bin/prlimit"));
    }

    /**
     * Starts the device process. {@code -Dpqrstuv.attack.jvmOptions="…"} adds JVM options (space
     * separated) for experiments, e.g. {@code -XX:NativeMemoryTracking=summary}.
     */
    public static AttackedDevice start(int openFileLimit) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("prlimit", "--nofile=" + openFileLimit + ":" + openFileLimit, "--",
                java, "--enable-native-access=ALL-UNNAMED"));
        String extra = System.getProperty("pqrstuv.attack.jvmOptions", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DeviceChild.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IOException("the device process ended: " + output));
        });
        try {
            String[] words = ready.get(120, TimeUnit.SECONDS).split(" ", 3);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(words[2]))));
            return new AttackedDevice(p, Integer.parseInt(words[1]), cert, output);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public ProcessStats stats() throws IOException {
        return ProcessStats.of(process.pid());
    }

    /** Output of {@code jcmd <pid> <command…>} (diagnostics for experiments). */
    public String jcmd(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid())));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close(); // the child closes the device and exits
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
