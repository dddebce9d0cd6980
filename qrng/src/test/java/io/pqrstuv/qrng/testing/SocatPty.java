package io.pqrstuv.qrng.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Two linked ptys made by socat, for transport tests (the qrng module does not depend on the serial module). */
public final class SocatPty implements AutoCloseable {
    private final Process socat;
    private final Path dir;

    private SocatPty(Process socat, Path dir) {
        this.socat = socat;
        this.dir = dir;
    }

    public static SocatPty start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("qrng-pty");
        Path log = dir.resolve("socat.log");
        Process p = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + dir.resolve("a"),
                "pty,raw,echo=0,link=" + dir.resolve("b"))
                .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        SocatPty pty = new SocatPty(p, dir);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(pty.a()) && Files.exists(pty.b())
                && Files.readString(log).contains("starting data transfer loop"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                pty.close();
                throw new IOException("socat did not start: " + Files.readString(log));
            }
            Thread.sleep(10);
        }
        return pty;
    }

    public Path a() {
        return dir.resolve("a");
    }

    public Path b() {
        return dir.resolve("b");
    }

    /** Kills socat: both ttys hang up. */
    public void kill() throws InterruptedException {
        socat.destroyForcibly();
        socat.waitFor();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        kill();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
