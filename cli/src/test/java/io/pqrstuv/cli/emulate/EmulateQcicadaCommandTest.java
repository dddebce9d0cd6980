package io.pqrstuv.cli.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pqrstuv emulate qcicada}: serves until SIGTERM, and refuses bad input in one line. */
class EmulateQcicadaCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(args).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void badInputIsOneLineAndANonZeroExit() {
        String state = dir.resolve("s").toString();
        String[][] cases = {
            {"emulate", "qcicada", "--state", state},
            {"emulate", "qcicada", "--pty", dir.resolve("t").toString(), "--state", state, "--rate", "fast"},
            {"emulate", "qcicada", "--pty", dir.resolve("t").toString(), "--state", state, "--rate", "0"},
            {"emulate", "qcicada", "--pty", dir.resolve("t").toString(), "--state", state, "--fault", "bogus=on"},
            {"emulate", "qcicada", "--pty", dir.resolve("t").toString(), "--state", state, "--fault", "voltage=lowish"},
            {"emulate", "qcicada", "--pty", dir.resolve("t").toString(), "--state", state, "--serial", "XY12"},
            {"emulate", "qcicada", "--pty", dir.resolve("t").toString(), "--state", state, "--certificate-code", "0xF7"},
            {"emulate", "qcicada", "--pty", dir.resolve("no-such-dir").resolve("t").toString(), "--state", state},
            {"emulate", "qcicada", "--bogus"},
            {"emulate"},
        };
        for (String[] args : cases) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isNotZero();
            assertThat(r.err().strip().lines()).as(String.join(" ", args) + " -> " + r.err()).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void servesAPtyUntilSigtermThenRemovesTheLink() throws Exception {
        Path link = dir.resolve("ttyQCicada");
        Path state = dir.resolve("state");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "emulate", "qcicada", "--pty", link.toString(), "--state", state.toString(),
                "--rate", "unlimited", "--tcp", "0"));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder banner = new StringBuilder();
            CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        banner.append(line).append('\n');
                        if (line.startsWith("Stop with")) {
                            return;
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ready.get(60, TimeUnit.SECONDS);
            assertThat(banner.toString()).contains("QCicada emulator QC").contains("serial  " + link).contains("tcp ")
                    .contains("OEM CA public key " + state.toAbsolutePath().resolve("oem-ca-pubkey.pem"));
            assertThat(Files.isSymbolicLink(link)).isTrue();

            // any serial client: here a plain file open of the tty (the emulator set it raw)
            try (RandomAccessFile tty = new RandomAccessFile(link.toFile(), "rw")) {
                tty.write(new byte[] {0x01});
                byte[] reply = new byte[6];
                CompletableFuture.runAsync(() -> {
                    try {
                        tty.readFully(reply);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).get(10, TimeUnit.SECONDS);
                assertThat(reply).containsExactly(0x11, 0x01, 0x80, 0x34, 0x00, 0x00);
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isIn(0, 143);
            assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("link removed").isFalse();
            assertThat(state.resolve("device.properties")).exists();
        } finally {
            p.destroyForcibly();
        }
    }
}
