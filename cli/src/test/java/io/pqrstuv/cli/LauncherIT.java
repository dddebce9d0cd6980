package io.pqrstuv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cli.device.DeviceLayout;
import io.pqrstuv.cli.device.EmbeddedDevice;
import io.pqrstuv.serial.LineRate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./pqrstuv} launcher as a user runs it (after {@code package}, so the runnable jar
 * exists): client commands learn an AOT cache from their first successful device call and start
 * from it afterwards; a failed call leaves nothing behind.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path AOT = ROOT.resolve("cli/target/aot");

    @TempDir
    static Path dir;
    static EmbeddedDevice device;

    @BeforeAll
    static void startDevice() throws Exception {
        device = EmbeddedDevice.start(new DeviceLayout(dir.resolve("state")), new InetSocketAddress("127.0.0.1", 0),
                LineRate.UNLIMITED, "memory");
    }

    @AfterAll
    static void stopDevice() throws Exception {
        device.close();
    }

    record Run(int exit, String out, String err) {
    }

    private static Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("pqrstuv").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.environment().remove("PQRSTUV_URL");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<Path> aotFiles() throws IOException {
        if (!Files.isDirectory(AOT)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(AOT)) {
            return s.toList();
        }
    }

    private static void clearCache() throws IOException {
        for (Path p : aotFiles()) {
            Files.delete(p);
        }
    }

    @Test
    void firstSuccessfulCallTrainsTheCacheAndTheNextStartsFromIt() throws Exception {
        clearCache();
        String[] info = {"info", "--url", device.url(), "--cacert", device.certificatePath().toString()};
        Run first = launch(Map.of(), info);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("Serial number:").contains("ML-DSA-65");
        assertThat(first.err()).as("training is silent").isEmpty();

        Path cache = awaitCache();

        Run second = launch(Map.of("PQRSTUV_JAVA_OPTS", "-Xlog:aot=info:stderr"), info);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(second.err()).contains("Opened AOT cache " + cache);
    }

    /** The cache is built by a detached process; waits for the finished file, alone in the directory. */
    private static Path awaitCache() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Path cache = null;
        while (cache == null && System.nanoTime() < deadline) {
            cache = aotFiles().stream().filter(p -> p.getFileName().toString().matches("pqrstuv-\\d+-\\d+\\.aot"))
                    .findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertThat(cache).as("AOT cache under " + AOT).isNotNull();
        while (aotFiles().size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(200); // the builder removes its record file when it is done
        }
        assertThat(aotFiles()).containsExactly(cache);
        return cache;
    }

    @Test
    void optionsBeforeTheCommandTrainTheCacheToo() throws Exception {
        clearCache();
        Run first = launch(Map.of(), "--url", device.url(), "--cacert", device.certificatePath().toString(), "info");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("Serial number:");
        Path cache = awaitCache();
        Run second = launch(Map.of("PQRSTUV_JAVA_OPTS", "-Xlog:aot=info:stderr"), "--url=" + device.url(), "--json",
                "--cacert", device.certificatePath().toString(), "info");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("\"serial_number\"");
        assertThat(second.err()).contains("Opened AOT cache " + cache);
    }

    @Test
    void whileAnotherCallIsTrainingACallRunsUncachedAndLeavesTheLockAlone() throws Exception {
        clearCache();
        Path lock = Files.createDirectories(AOT.resolve("training"));
        try {
            Run run = launch(Map.of(), "info", "--url", device.url(), "--cacert", device.certificatePath().toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("Serial number:");
            Thread.sleep(500);
            assertThat(aotFiles()).containsExactly(lock);
        } finally {
            Files.deleteIfExists(lock);
        }
    }

    @Test
    void aFailedCallLeavesNoCacheAndLocalCommandsDoNotTrain() throws Exception {
        clearCache();
        Run refused = launch(Map.of(), "info", "--url", "https://127.0.0.1:1", "--cacert",
                device.certificatePath().toString());
        assertThat(refused.exit()).isEqualTo(io.pqrstuv.cli.console.ExitCodes.UNREACHABLE);
        assertThat(refused.err().strip()).startsWith("pqrstuv info: cannot reach the device").doesNotContain("\n");

        Run version = launch(Map.of(), "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out().strip()).isEqualTo("pqrstuv 0.1.0");
        Thread.sleep(1000);
        assertThat(aotFiles()).isEmpty();
    }
}
