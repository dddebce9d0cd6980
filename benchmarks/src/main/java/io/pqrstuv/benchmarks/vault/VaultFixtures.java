package io.pqrstuv.benchmarks.vault;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the hardware vaults need, started by the benchmark itself: a software TPM (swtpm, one per
 * TPM vault so that their persistent handles cannot collide) and a SoftHSM2 token.
 */
final class VaultFixtures implements AutoCloseable {
    static final String SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private Path softHsmConf;

    VaultFixtures(Path dir) {
        this.dir = dir;
    }

    /** A fresh swtpm (TPM 2.0) on free loopback ports; returns its TCTI string. */
    String startSwtpm(String name) throws IOException, InterruptedException {
        Path state = dir.resolve("swtpm-" + name);
        Files.createDirectories(state);
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freePortPair();
            Process p = new ProcessBuilder("swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + state,
                    "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                    "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                    "--flags", "not-need-init,startup-clear")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("swtpm-" + name + ".log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.isAlive() && System.nanoTime() < deadline) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    processes.add(p);
                    return "swtpm:host=127.0.0.1,port=" + port;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly().waitFor(); // port taken meanwhile: try another pair
        }
        throw new IOException("swtpm did not start");
    }

    /** A SoftHSM2 token with its SunPKCS11 configuration and 0600 PIN file; returns the configuration. */
    Path softHsmToken(String label, String pin) throws IOException, InterruptedException {
        Path tokens = dir.resolve("softhsm-tokens");
        Files.createDirectories(tokens);
        softHsmConf = dir.resolve("softhsm2.conf");
        Files.writeString(softHsmConf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        ProcessBuilder pb = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", pin, "--so-pin", pin + "-so").redirectErrorStream(true);
        pb.environment().putAll(environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("softhsm2-util failed: " + out);
        }
        Matcher m = SLOT.matcher(out);
        if (!m.find()) {
            throw new IOException("softhsm2-util printed no slot: " + out);
        }
        Path config = dir.resolve("pkcs11-" + label + ".cfg");
        Files.writeString(config, "name = SoftHSM-" + label + "\nlibrary = " + SOFTHSM_LIBRARY + "\nslot = " + m.group(1) + "\n");
        Path pinFile = Path.of(config + ".pin");
        Files.writeString(pinFile, pin + "\n");
        Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    /** Environment for device processes (SoftHSM2 reads its configuration path from it). */
    Map<String, String> environment() {
        return softHsmConf == null ? Map.of() : Map.of("SOFTHSM2_CONF", softHsmConf.toString());
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
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
                    // next
                }
            }
        }
        throw new IOException("no free port pair for swtpm");
    }
}
