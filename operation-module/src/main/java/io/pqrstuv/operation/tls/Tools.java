package io.pqrstuv.operation.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs vetted OS tools (openssl, cp) as child processes. Key material is created and used only
 * inside those processes (D-31, ECP-TLS-3); files they create are private (umask 077).
 */
public final class Tools {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private Tools() {
    }

    /** Runs {@code command} with umask 077 in {@code dir}; fails on a non-zero exit or a hang. */
    public static void run(Path dir, List<String> command) throws ToolFailure {
        run(dir, "077", command);
    }

    /** Runs {@code command} with the given umask (022 for public files such as exported certificates). */
    public static void run(Path dir, String umask, List<String> command) throws ToolFailure {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
        argv.addAll(command);
        Process p;
        try {
            p = new ProcessBuilder(argv)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(false)
                    .start();
        } catch (IOException e) {
            throw new ToolFailure(command.getFirst() + " could not be started", e);
        }
        try {
            byte[] err = p.getErrorStream().readNBytes(4096);
            if (!p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ToolFailure(command.getFirst() + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new ToolFailure(command.getFirst() + " exited " + p.exitValue() + ": "
                        + new String(err, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new ToolFailure(command.getFirst() + " failed", e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ToolFailure(command.getFirst() + " interrupted");
        }
    }
}
