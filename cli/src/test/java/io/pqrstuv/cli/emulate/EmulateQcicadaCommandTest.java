package io.pqrstuv.cli.emulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** Starts {@code pqrstuv emulate qcicada ARGS} in its own JVM and waits for its banner. */
    private Process start(List<String> args, StringBuilder banner) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "emulate", "qcicada"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
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
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError("no banner: " + banner + Files.readString(dir.resolve("err.txt")), e);
        }
        return p;
    }

    private void stopWithSigterm(Process p) throws Exception {
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isIn(0, 143);
    }

    @Test
    void servesAPtyUntilSigtermThenRemovesTheLink() throws Exception {
        Path link = dir.resolve("ttyQCicada");
        Path state = dir.resolve("state");
        StringBuilder banner = new StringBuilder();
        Process p = start(List.of("--pty", link.toString(), "--state", state.toString(), "--rate", "unlimited",
                "--tcp", "0"), banner);
        try {
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
            stopWithSigterm(p);
            assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("link removed").isFalse();
            assertThat(state.resolve("device.properties")).exists();
        } finally {
            p.destroyForcibly();
        }
    }

    /** --blank, --tcpudp with --udp-port, --serial and --fault, seen by the library over the network. */
    @Test
    void aBlankDeviceOnTcpudpWithAFaultFromTheStart() throws Exception {
        int udp;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            udp = s.getLocalPort();
        }
        StringBuilder banner = new StringBuilder();
        Process p = start(List.of("--state", dir.resolve("blank").toString(), "--blank", "--serial", "QC0000004242",
                "--tcpudp", "0", "--udp-port", String.valueOf(udp), "--rate", "unlimited", "--fault", "voltage=low", "-q"),
                banner);
        try {
            assertThat(banner.toString()).contains("QCicada emulator QC0000004242")
                    .contains("not programmed (blank device)").doesNotContain("OEM CA");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("tcpudp  127\\.0\\.0\\.1:(\\d+)")
                    .matcher(banner);
            assertThat(m.find()).as(banner.toString()).isTrue();
            var endpoint = io.pqrstuv.qrng.transport.QccEndpoint.tcpUdp("127.0.0.1", Integer.parseInt(m.group(1)), udp);
            try (var q = io.pqrstuv.qrng.qcicada.QCicadaDevice.open(endpoint,
                    io.pqrstuv.qrng.qcicada.QCicadaOptions.defaults())) {
                assertThat(q.info().serial()).isEqualTo("QC0000004242");
                var status = q.status();
                assertThat(status.voltageLow()).isTrue();
                assertThat(status.healthy()).isFalse();
                assertThat(q.oneShot(1000)).hasSize(1000); // a supply fault does not stop output: the host must refuse it
                assertThatThrownBy(q::deviceCertificate).isInstanceOf(io.pqrstuv.qrng.error.QccNackException.class);
            }
            stopWithSigterm(p);
            assertThat(Files.readString(dir.resolve("err.txt"))).as("-q: no log lines").doesNotContain("qcicada:");
        } finally {
            p.destroyForcibly();
        }
    }
}
