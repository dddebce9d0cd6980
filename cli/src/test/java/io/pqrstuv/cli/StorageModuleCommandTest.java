package io.pqrstuv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.SerialPortLink;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pqrstuv storage-module} as a child process on a socat pty: start, serve, SIGTERM, restart. */
@Tag("slow")
class StorageModuleCommandTest {

    private static Process launch(Path tty, Path state, Path stderr, String... extra) throws Exception {
        return launchOn("memory", tty, state, stderr, extra);
    }

    private static Process launchOn(String vault, Path tty, Path state, Path stderr, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", // as the launcher jar's manifest grants jSerialComm
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "storage-module",
                "--serial", tty.toString(), "--state", state.toString(), "--vault", vault,
                "--no-harden")); // the hardened start is HardenedModuleTest's
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
    }

    private static String awaitStderrLine(Process p, Path stderr, String marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String all = "";
        while (System.nanoTime() < deadline && p.isAlive() && !all.contains(marker)) {
            Thread.sleep(50);
            all = Files.readString(stderr, StandardCharsets.UTF_8);
        }
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    private static ResponsePayload call(Link link, RequestPayload request) throws Exception {
        link.write(Frames.encode(request.encode()));
        Deque<ReceiverEvent> events = new ArrayDeque<>();
        FrameReceiver rx = new FrameReceiver(events::add);
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (events.isEmpty() && System.nanoTime() < deadline) {
            int n = link.read(buf, 0, buf.length, Duration.ofMillis(200));
            if (n > 0) {
                rx.feed(buf, 0, n);
            }
        }
        assertThat(events).as("a reply").isNotEmpty();
        return ResponsePayload.decode(((ReceiverEvent.Payload) events.poll()).payload());
    }

    @Test
    void startsServesStopsOnSigtermAndRestartsWithTheSameIdentity(@TempDir Path state) throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); Link test = SerialPortLink.open(pty.b())) {
            byte[] first;
            Path log = state.resolveSibling(state.getFileName() + ".err1");
            Process p = launch(pty.a(), state, log, "--time-scale", "7");
            try {
                String err = awaitStderrLine(p, log, "serving ICP on");
                assertThat(err).contains("WARNING: --time-scale 7").contains("vault memory").contains("serving ICP on serial:");
                ResponsePayload info = call(test, RequestPayload.unauthenticated(Command.GET_INFO, new byte[0]));
                assertThat(info.code()).isEqualTo(ResponseCode.SUCCESS);
                first = info.data();
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
                assertThat(p.exitValue()).isIn(0, 143);
                assertThat(Files.readString(log, StandardCharsets.UTF_8)).as("nothing logged after start-up").isEqualTo(err);
            } finally {
                p.destroyForcibly();
            }
            assertThat(Files.exists(state.resolve("device-identity"))).isTrue();

            Path log2 = state.resolveSibling(state.getFileName() + ".err2");
            Process again = launch(pty.a(), state, log2);
            try {
                String err = awaitStderrLine(again, log2, "serving ICP on");
                assertThat(err).doesNotContain("WARNING: --time-scale").doesNotContain("time-scale");
                ResponsePayload info = call(test, RequestPayload.unauthenticated(Command.GET_INFO, new byte[0]));
                assertThat(info.data()).as("GET_INFO identical across restarts").isEqualTo(first);
                ResponsePayload ping = call(test, RequestPayload.unauthenticated(Command.PING, new byte[] {1, 2, 3}));
                assertThat(ping.data()).containsExactly(1, 2, 3);
            } finally {
                again.destroy();
                again.waitFor(30, TimeUnit.SECONDS);
                again.destroyForcibly();
            }
        }
    }

    @Test
    void rejectsConflictingOrMissingWiring(@TempDir Path state) throws Exception {
        Process both = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "storage-module",
                "--serial", "/dev/null", "--tcp", "localhost:1", "--state", state.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(both.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(both.exitValue()).isNotZero();
        assertThat(new String(both.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("mutually exclusive");
    }

    @Test
    void servesOverASerialOverIpBridge(@TempDir Path state) throws Exception {
        try (java.net.ServerSocket bridge = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path log = state.resolveSibling(state.getFileName() + ".tcp.err");
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "storage-module", "--tcp", "127.0.0.1:" + bridge.getLocalPort(), "--state", state.toString(),
                    "--vault", "memory", "--line-rate", "9600", "--no-harden");
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
            try (Link link = io.pqrstuv.serial.TcpLink.acceptOne(bridge)) {
                String err = awaitStderrLine(p, log, "serving ICP on");
                assertThat(err).contains("tcp").contains("9600");
                ResponsePayload ping = call(link, RequestPayload.unauthenticated(Command.PING, new byte[] {4, 5}));
                assertThat(ping.code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(ping.data()).containsExactly(4, 5);
            } finally {
                p.destroy();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                p.destroyForcibly();
            }
        }
    }

    private static ResponsePayload authenticated(Link link, Command command, byte[] opData) throws Exception {
        ResponsePayload init = call(link, RequestPayload.unauthenticated(Command.INIT, new byte[0]));
        int session = io.pqrstuv.icp.Sessions.fromBytes(init.data(), 0);
        byte[] token = io.pqrstuv.icp.AuthToken.compute(new byte[0], java.util.Arrays.copyOfRange(init.data(), 4, 20));
        return call(link, new RequestPayload(session, token, command, opData));
    }

    @Test
    void keysSurviveASigtermAndRestartOnTheDevVault(@TempDir Path state) throws Exception {
        byte[] es256 = io.pqrstuv.icp.alg.AlgId.encode(-7);
        try (SocatPtyPair pty = SocatPtyPair.start(); Link test = SerialPortLink.open(pty.b())) {
            Path log = state.resolveSibling(state.getFileName() + ".dev1");
            Process p = launchOn("dev", pty.a(), state, log);
            byte[] id;
            try {
                assertThat(awaitStderrLine(p, log, "serving ICP on")).contains("vault dev");
                ResponsePayload keygen = authenticated(test, Command.KEYGEN, es256);
                assertThat(keygen.code()).isEqualTo(ResponseCode.SUCCESS);
                id = keygen.data();
                p.destroy();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            Path log2 = state.resolveSibling(state.getFileName() + ".dev2");
            Process again = launchOn("dev", pty.a(), state, log2);
            try {
                awaitStderrLine(again, log2, "serving ICP on");
                ResponsePayload list = authenticated(test, Command.KEY_LST, es256);
                assertThat(list.code()).isEqualTo(ResponseCode.SUCCESS);
                byte[] expected = new byte[20];
                expected[3] = 1;
                System.arraycopy(id, 0, expected, 4, 16);
                assertThat(list.data()).isEqualTo(expected);
            } finally {
                again.destroy();
                again.waitFor(30, TimeUnit.SECONDS);
                again.destroyForcibly();
            }
        }
    }

    // ---- --entropy qcicada: (issue 11) ----------------------------------------------------------

    private static final byte[] NO_SECRET = new byte[0];

    /** INIT's reply: a session to use later (INIT is refused while the QRNG fails). */
    private static ResponsePayload init(Link link) throws Exception {
        ResponsePayload init = call(link, RequestPayload.unauthenticated(Command.INIT, new byte[0]));
        assertThat(init.code()).isEqualTo(ResponseCode.SUCCESS);
        return init;
    }

    private static ResponsePayload on(Link link, ResponsePayload init, Command command, byte[] opData) throws Exception {
        int session = io.pqrstuv.icp.Sessions.fromBytes(init.data(), 0);
        byte[] token = io.pqrstuv.icp.AuthToken.compute(NO_SECRET, java.util.Arrays.copyOfRange(init.data(), 4, 20));
        return call(link, new RequestPayload(session, token, command, opData));
    }

    /** The warning line of {@code --no-harden}, which these tests pass (the hardened start: HardenedModuleTest). */
    private static final String NOT_HARDENED = "WARNING: pqrstuv storage-module is NOT hardened";

    private static long count(String text, String marker) {
        return text.lines().filter(l -> l.contains(marker)).count();
    }

    @Test
    void drawsFromAQcicadaAndFailsClosedOnlyWhileItFails(@TempDir Path state) throws Exception {
        byte[] es256 = io.pqrstuv.icp.alg.AlgId.encode(-7);
        Path qrngDir = state.resolveSibling(state.getFileName() + ".qrng");
        try (var emu = io.pqrstuv.qrng.emulator.QcicadaEmulator.builder().stateDir(qrngDir)
                .rate(io.pqrstuv.qrng.emulator.EmulatorRate.unlimited()).build();
                SocatPtyPair pty = SocatPtyPair.start(); Link test = SerialPortLink.open(pty.b())) {
            Path qrngTty = emu.servePty(qrngDir.resolve("tty"));
            Path ca = emu.attestation().oemCaPublicKeyPem().orElseThrow();
            Path log = state.resolveSibling(state.getFileName() + ".qrng.err");
            Process p = launch(pty.a(), state, log, "--entropy", "qcicada:" + qrngTty, "--entropy-ca", ca.toString());
            try {
                String err = awaitStderrLine(p, log, "serving ICP on");
                assertThat(err).contains("entropy QCicada " + emu.info().serial()).contains("verified under OEM CA");
                long reads = emu.statistics().signedReads();
                ResponsePayload keygen = authenticated(test, Command.KEYGEN, es256);
                assertThat(keygen.code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(emu.statistics().signedReads()).as("the key came from a fresh verified read").isGreaterThan(reads);
                ResponsePayload early = init(test);
                ResponsePayload early2 = init(test);

                emu.faults().healthFailure(io.pqrstuv.qrng.emulator.HealthTest.REPETITION_COUNT, true);
                err = awaitStderrLine(p, log, "unavailable");
                assertThat(count(err, "unavailable")).isEqualTo(1);
                assertThat(err.lines().filter(l -> l.contains("unavailable")).findFirst().orElseThrow())
                        .startsWith("pqrstuv storage-module: QRNG " + emu.info().serial() + " unavailable:")
                        .contains("repetition");
                assertThat(on(test, early, Command.KEYGEN, es256).code()).isEqualTo(ResponseCode.CMD_FAIL);
                assertThat(call(test, RequestPayload.unauthenticated(Command.INIT, new byte[0])).code())
                        .isEqualTo(ResponseCode.CMD_FAIL);
                assertThat(call(test, RequestPayload.unauthenticated(Command.GET_INFO, new byte[0])).code())
                        .isEqualTo(ResponseCode.SUCCESS);
                assertThat(call(test, RequestPayload.unauthenticated(Command.PING, new byte[] {9})).data()).containsExactly(9);
                assertThat(on(test, early2, Command.KEY_LST, es256).code()).isEqualTo(ResponseCode.SUCCESS);

                emu.faults().clear();
                err = awaitStderrLine(p, log, "healthy again");
                assertThat(authenticated(test, Command.KEYGEN, es256).code()).isEqualTo(ResponseCode.SUCCESS);
                err = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(count(err, "unavailable")).as("said once").isEqualTo(1);
                assertThat(count(err, "healthy again")).as("and once again when it recovers").isEqualTo(1);
                assertThat(err.lines().filter(l -> !l.startsWith(NOT_HARDENED))).as("start-up line, failure, recovery")
                        .hasSize(3);
                p.destroy();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isIn(0, 143);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static String refusal(Path state, String... entropyArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "storage-module", "--serial", "/dev/null", "--state", state.toString(), "--vault", "memory", "--no-harden"));
        cmd.addAll(List.of(entropyArgs));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith(NOT_HARDENED)).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + " " + err;
    }

    @Test
    void refusesToStartInOneLineUnlessTheOemCaVouchesForTheQrng(@TempDir Path state) throws Exception {
        Path a = state.resolveSibling(state.getFileName() + ".qa");
        Path b = state.resolveSibling(state.getFileName() + ".qb");
        try (var emu = io.pqrstuv.qrng.emulator.QcicadaEmulator.builder().stateDir(a)
                .rate(io.pqrstuv.qrng.emulator.EmulatorRate.unlimited()).build();
                var other = io.pqrstuv.qrng.emulator.QcicadaEmulator.builder().stateDir(b)
                        .rate(io.pqrstuv.qrng.emulator.EmulatorRate.unlimited()).build()) {
            Path tty = emu.servePty(a.resolve("tty"));
            String wrongCa = refusal(state, "--entropy", "qcicada:" + tty, "--entropy-ca",
                    other.attestation().oemCaPublicKeyPem().orElseThrow().toString());
            assertThat(wrongCa).startsWith("1 pqrstuv storage-module: entropy source qcicada:" + tty + " refused: ")
                    .contains(emu.info().serial()).contains("does not verify under the CA public key");
            assertThat(wrongCa.strip().lines().count()).as("one line").isEqualTo(1);
            assertThat(Files.exists(state.resolve("device-identity"))).as("refused before anything").isFalse();
        }
        assertThat(refusal(state, "--entropy", "qcicada:/dev/ttyUSB9")).startsWith("2 ").contains("needs --entropy-ca");
        assertThat(refusal(state, "--entropy-ca", "/tmp/ca.pem")).startsWith("2 ")
                .contains("--entropy-ca is used with --entropy qcicada:TTY");
        assertThat(refusal(state, "--entropy", "urandom")).startsWith("2 ").contains("unknown entropy source 'urandom'");
    }
}
