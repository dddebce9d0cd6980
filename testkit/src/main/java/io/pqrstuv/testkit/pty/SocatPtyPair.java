package io.pqrstuv.testkit.pty;

import io.pqrstuv.runtime.ProcessFailure;
import io.pqrstuv.runtime.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Two connected pseudo-terminals made by {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}:
 * bytes written to one come out of the other, like a null-modem cable. {@link #a()} and {@link #b()}
 * are symlinks in a private temp directory pointing at the {@code /dev/pts/N} devices. Closing kills
 * socat and deletes the directory. socat runs under the runtime's {@link ProcessLauncher} (standard
 * input from /dev/null, output discarded, its log captured in memory). For tests and benchmarks.
 */
public final class SocatPtyPair implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** socat splits addresses at ',' and ':' and interprets quotes and '!': allow none of them. */
    private static final java.util.regex.Pattern SAFE_PATH = java.util.regex.Pattern.compile("[A-Za-z0-9/._+-]+");

    /** socat -d -d logs a few lines at start and at the end; the rest would be dropped. */
    private static final int LOG_LIMIT = 16 * 1024;

    private final ProcessLauncher.Running socat;
    private final Path dir;
    private final Path a;
    private final Path b;

    private SocatPtyPair(ProcessLauncher.Running socat, Path dir, Path a, Path b) {
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
        ProcessLauncher.Running p;
        try {
            p = ProcessLauncher.of(socatExecutable, "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                    .captureErrors(LOG_LIMIT).start();
        } catch (ProcessFailure e) {
            deleteQuietly(dir);
            throw new IOException("cannot run " + socatExecutable
                    + " (is the 'socat' package installed and on the PATH?): " + e.getMessage(), e);
        }
        SocatPtyPair pair = new SocatPtyPair(p, dir, a, b);
        try {
            pair.awaitLinks();
            return pair;
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    /**
     * socat creates the links before it logs "starting data transfer loop": waiting for that line
     * means the first bytes written are not lost while socat is still setting up.
     */
    private void awaitLinks() throws IOException {
        try {
            socat.awaitErrorText("starting data transfer loop", START_TIMEOUT);
        } catch (ProcessFailure e) {
            if (e.reason() == ProcessFailure.Reason.INTERRUPTED) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for socat");
            }
            if (e.reason() == ProcessFailure.Reason.TIMED_OUT) {
                throw new IOException("socat did not create its ptys within " + START_TIMEOUT + ": " + socat.errorText(), e);
            }
            throw new IOException("socat exited with status "
                    + socat.exitStatus().stream().mapToObj(Integer::toString).findFirst().orElse("?") + ": "
                    + socat.errorText(), e);
        }
        if (!Files.exists(a) || !Files.exists(b)) {
            throw new IOException("socat started without its pty links " + a + " and " + b + ": " + socat.errorText());
        }
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

    /** What socat logged (with {@code -d -d}: its addresses and the pty names). */
    public String log() {
        return socat.errorText();
    }

    public boolean isAlive() {
        return socat.isAlive();
    }

    /** Stops socat (SIGTERM, SIGKILL after 2 s) and deletes the directory of the links. */
    @Override
    public void close() {
        socat.close();
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
