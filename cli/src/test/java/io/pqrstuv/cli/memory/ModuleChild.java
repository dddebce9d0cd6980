package io.pqrstuv.cli.memory;

import io.pqrstuv.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code pqrstuv storage-module} in a child JVM, as the launcher runs it (default collector and JIT),
 * with a fixed 256 MiB heap: few or no collections during a short run, so a heap dump with garbage
 * shows what each command left behind, and a dump stays small enough for CI.
 */
final class ModuleChild implements AutoCloseable {
    static final String READY = "serving ICP on";

    private final Process process;
    private final Path stderr;

    private ModuleChild(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    static ModuleChild start(Path tty, Path state, Path stderr, String vault, String... extra) throws IOException {
        return start(List.of(), List.of(), tty, state, stderr, vault, extra);
    }

    /**
     * Starts the child with {@code prefix} before java (e.g. setpriv) and {@code jvm} options, and
     * waits for the start-up line or its exit.
     */
    static ModuleChild start(List<String> prefix, List<String> jvm, Path tty, Path state, Path stderr, String vault,
            String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-Xms256m", "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "storage-module",
                "--serial", tty.toString(), "--state", state.toString(), "--vault", vault));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile()).start();
        ModuleChild child = new ModuleChild(p, stderr);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && p.isAlive() && !child.stderr().contains(READY)) {
            sleep(50);
        }
        return child;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean serving() throws IOException {
        return process.isAlive() && stderr().contains(READY);
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    String stderr() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    }

    /** Waits for the child to exit on its own (a refused start); true if it did. */
    boolean awaitExit(Duration d) throws InterruptedException {
        return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
