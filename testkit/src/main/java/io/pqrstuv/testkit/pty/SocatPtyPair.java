package io.pqrstuv.testkit.pty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two connected pseudo-terminals made by {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}:
 * bytes written to one come out of the other, like a null-modem cable. {@link #a()} and {@link #b()}
 * are symlinks in a private temp directory pointing at the {@code /dev/pts/N} devices. Closing kills
 * socat and deletes the directory. For tests and benchmarks.
 */
public final class SocatPtyPair implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** socat splits addresses at ',' and ':' and interprets quotes and '!': allow none of them. */
    private static final java.util.regex.Pattern SAFE_PATH = java.util.regex.Pattern.compile("[A-Za-z0-9/._+-]+");

    private final Process socat;
    private final Path dir;
    private final Path a;
    private final Path b;

    private SocatPtyPair(Process socat, Path dir, Path a, Path b) {
        this.socat = socat;
        this.dir = dir;
        this.a = a;
        this.b = b;
    }

    /** True if a {@code socat} executable is on the PATH (tests that need ptys skip without it). */
    public static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "socat"))) {
                return true;
            }
        }
        return false;
    }

    /** Starts {@code socat} from the PATH and waits until both pty links exist. */
    public static SocatPtyPair start() throws IOException {
        return start("socat");
    }

    /** Starts the given socat executable (a name looked up on the PATH, or a path). */
    public static SocatPtyPair start(String socatExecutable) throws IOException {
        Path dir = Files.createTempDirectory("pqrstuv-pty");
        if (!SAFE_PATH.matcher(dir.toString()).matches()) {
            deleteQuietly(dir);
            throw new IOException("temp directory " + dir + " has characters socat address syntax would misread; "
                    + "set java.io.tmpdir to a plain path");
        }
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path log = dir.resolve("socat.log");
        List<String> cmd = List.of(socatExecutable, "-d", "-d",
                "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b);
        Process p;
        try {
            p = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(log.toFile())
                    .start();
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new IOException("cannot run " + socatExecutable
                    + " (is the 'socat' package installed and on the PATH?): " + e.getMessage(), e);
        }
        SocatPtyPair pair = new SocatPtyPair(p, dir, a, b);
        try {
            pair.awaitLinks(log);
            return pair;
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    private void awaitLinks(Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // socat creates the links before "starting data transfer loop": wait for that line too,
        // so the first bytes written are not lost while socat is still setting up.
        while (!(Files.exists(a) && Files.exists(b) && logSays(log, "starting data transfer loop"))) {
            if (!socat.isAlive()) {
                throw new IOException("socat exited with status " + socat.exitValue() + ": " + readLog(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("socat did not create its ptys within " + START_TIMEOUT + ": " + readLog(log));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for socat");
            }
        }
    }

    private static boolean logSays(Path log, String text) throws IOException {
        return Files.exists(log) && readLog(log).contains(text);
    }

    private static String readLog(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
    }

    /** The first end (a symlink to its {@code /dev/pts/N}). */
    public Path a() {
        return a;
    }

    /** The second end. */
    public Path b() {
        return b;
    }

    /** The socat process id, e.g. for diagnostics. */
    public long pid() {
        return socat.pid();
    }

    public boolean isAlive() {
        return socat.isAlive();
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
                socat.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socat.destroyForcibly();
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (Path f : all) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    @Override
    public String toString() {
        return "socat pty pair " + a + " <-> " + b;
    }
}
