package io.pqrstuv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pqrstuv device --qrng …} as a child process, as a user runs it: the banner names the entropy
 * source, a fault injected through the emulated QCicada's control file (the file the banner points at)
 * is reported on stderr once and its end once, and bad wiring is refused in one line. The user flow
 * itself with {@code --qrng emulated}: {@code hsm.CliEndToEndTest}.
 */
@Tag("slow")
class DeviceQrngCommandTest {

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "device"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Waits until {@code file} has a line containing {@code marker} (or the process ends, or 60 s pass). */
    private static String await(Process p, Path file, String marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String all = "";
        while (System.nanoTime() < deadline && p.isAlive() && !all.contains(marker)) {
            Thread.sleep(50);
            all = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static long count(String text, String marker) {
        return text.lines().filter(l -> l.contains(marker)).count();
    }

    @Test
    void anEmulatedQcicadaIsNamedInTheBannerAndItsFaultsFailClosedOnceAndRecoverOnce(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(java("--state", state.toString(), "--listen", "127.0.0.1:0", "--vault", "memory",
                "--line-rate", "unlimited", "--qrng", "emulated"))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            String banner = await(p, out, "Operation module listening on");
            assertThat(banner).as(Files.readString(err)).contains("Operation module listening on");
            String entropy = banner.lines().filter(l -> l.startsWith("Entropy: ")).findFirst().orElseThrow();
            assertThat(entropy).startsWith("Entropy: QCicada QC").contains("verified under OEM CA").contains("oem-ca-pubkey.pem")
                    .contains("on serial:" + state.resolve("qrng").resolve("tty"));
            Path control = state.resolve("qrng").resolve("faults.properties");
            assertThat(banner).contains("Emulated QCicada QC").contains(control.toString());
            assertThat(state.resolve("qrng").resolve("oem-ca-pubkey.pem")).exists();

            Files.writeString(control, "repetition_count = on\n");
            String e = await(p, err, "unavailable");
            assertThat(count(e, "unavailable")).isEqualTo(1);
            assertThat(e.lines().filter(l -> l.contains("unavailable")).findFirst().orElseThrow())
                    .startsWith("pqrstuv device: QRNG QC").contains("repetition");

            Files.delete(control);
            e = await(p, err, "healthy again");
            assertThat(count(e, "healthy again")).isEqualTo(1);
            Thread.sleep(1000); // a repeated line would show by now (the monitor polls every 200 ms)
            e = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(count(e, "unavailable")).as("said once").isEqualTo(1);
            assertThat(count(e, "healthy again")).as("and once again when it recovers").isEqualTo(1);
            assertThat(p.isAlive()).isTrue();
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String refusal(Path dir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--state", dir.resolve("state").toString(), "--listen", "127.0.0.1:0",
                "--vault", "memory"));
        all.addAll(List.of(args));
        Process p = new ProcessBuilder(java(all.toArray(String[]::new))).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(err.strip().lines().count()).as("one line: " + err).isEqualTo(1);
        return p.exitValue() + " " + err.strip();
    }

    @Test
    void badQrngWiringIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        assertThat(refusal(dir, "--qrng", "qcicada:/dev/ttyUSB9")).startsWith("2 pqrstuv device: ").contains("needs --qrng-ca");
        assertThat(refusal(dir, "--qrng", "emulated", "--qrng-ca", "/tmp/ca.pem")).startsWith("2 ")
                .contains("--qrng-ca is used with --qrng qcicada:TTY");
        assertThat(refusal(dir, "--qrng", "urandom")).startsWith("2 ").contains("must be os, emulated or qcicada:TTY");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not a key\n");
        assertThat(refusal(dir, "--qrng", "qcicada:" + dir.resolve("no-such-tty"), "--qrng-ca", ca.toString()))
                .startsWith("1 pqrstuv device: entropy source --qrng qcicada:").contains("refused: ");
    }
}
