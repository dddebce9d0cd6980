package io.pqrstuv.cli.qrng;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pqrstuv qcc}: every flag against the emulator on a pty (and tcp, tcpudp), JSON, bad input. */
class QccCommandTest {
    @TempDir
    static Path shared;
    static QcicadaEmulator emu;
    static String tty;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        emu = QcicadaEmulator.builder().stateDir(shared.resolve("state")).rate(EmulatorRate.unlimited()).build();
        tty = emu.servePty(shared.resolve("ttyQCicada0")).toString();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @AfterEach
    void reset() {
        emu.faults().clear();
        QrngCli.stdoutTerminal = false;
        QrngCli.stderrTerminal = false;
        QrngCli.patterns = List.of("/nonexistent/tty*");
    }

    private static QrngCli.Result qcc(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "qcc";
        all[1] = "-d";
        all[2] = tty;
        System.arraycopy(args, 0, all, 3, args.length);
        return QrngCli.run(all);
    }

    private static void oneLineError(QrngCli.Result r, int code, String contains) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(code);
        assertThat(r.err().strip().lines()).as("%s", r).hasSize(1);
        assertThat(r.err()).startsWith("pqrstuv qcc: ").contains(contains).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void queries() {
        var r = qcc("--info", "-s", "-g", "-t");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("Serial number:    QC").contains("Hardware:         CICADA-QRNG-")
                .contains("started:").contains("ready_bytes:").contains("postprocess:").contains("sha256")
                .contains("generated_bytes:").contains("speed:");
        var j = qcc("--info", "-s", "-g", "-t", "--json");
        assertThat(j.exitCode()).isZero();
        assertThat(j.out()).contains("\"info\"").contains("\"sw_version\"").contains("\"serial\" : \"QC")
                .contains("\"status\"").contains("\"ready_bytes\" : 13440").contains("\"config\"").contains("\"block_size\" : 448")
                .contains("\"statistics\"").contains("\"sensif_average\"");
    }

    @Test
    void oneShotReadToStdoutFileAndAppend() throws Exception {
        var r = qcc("-r", "32");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.binary()).hasSize(32).isNotEqualTo(new byte[32]);
        Path f = dir.resolve("r.bin");
        assertThat(qcc("-r", "100", "-o", f.toString()).exitCode()).isZero();
        assertThat(qcc("-r", "100", "-o", f.toString(), "-a").exitCode()).isZero();
        assertThat(Files.size(f)).isEqualTo(200);
        var j = qcc("-r", "16", "--json");
        assertThat(j.out()).containsPattern("\"data\" : \"[0-9a-f]{32}\"");
    }

    @Test
    void badReadsAreOneLineErrors() {
        oneLineError(qcc("-r", "0"), 2, "-r must be 1..65535");
        oneLineError(qcc("-r", "70000"), 2, "--start -r N");
        oneLineError(qcc("-R", "0"), 2, "-R must be 1..65535");
        oneLineError(qcc("-r", "5", "-R", "5"), 2, "one of -r and -R");
        oneLineError(qcc("-o", "x.bin"), 2, "-o and -a are used with -r or -R");
        oneLineError(qcc("-r", "abc"), 2, "abc");
        oneLineError(qcc(), 2, "nothing to do");
        QrngCli.stdoutTerminal = true;
        oneLineError(qcc("-r", "32"), 2, "refusing to write 32 random bytes to a terminal: use -o FILE, or pipe them (| xxd)");
    }

    @Test
    void usageErrorsComeBeforeAnyChangeToTheDevice() throws Exception {
        String before = qcc("-g", "--json").out();
        QrngCli.stdoutTerminal = true;
        oneLineError(qcc("--postprocess", "raw-noise", "-r", "32"), 2, "refusing to write 32 random bytes to a terminal");
        oneLineError(qcc("--startup-test", "off", "-R", "32"), 2, "refusing to write 32 random bytes to a terminal");
        QrngCli.stdoutTerminal = false;
        oneLineError(qcc("--postprocess", "raw-noise", "-r", "32", "-o", dir.resolve("no/such/dir/r.bin").toString()), 2,
                "no such directory");
        oneLineError(qcc("--postprocess", "raw-noise", "-r", "32", "-o", dir.toString()), 2, "is a directory");
        oneLineError(qcc("--postprocess", "raw-noise", "--start", "-r", "2000000", "--json"), 2,
                "--json carries data as hex only up to 1 MB");
        oneLineError(qcc("--postprocess", "raw-noise", "--update", dir.toString()), 2, "cannot read firmware image");
        assertThat(qcc("-g", "--json").out()).as("configuration untouched").isEqualTo(before);
    }

    @Test
    void unknownDeviceAndInterface() {
        var r = QrngCli.run("qcc", "-d", dir.resolve("ttyUSB7").toString(), "--info");
        oneLineError(r, 3, "does not exist");
        oneLineError(QrngCli.run("qcc", "-i", "udp", "-d", "10.0.0.1", "--info"), 2, "'udp' is not supported");
        oneLineError(QrngCli.run("qcc", "-i", "tcp", "--info"), 2, "-d HOST[:PORT] is needed for tcp");
        oneLineError(QrngCli.run("qcc", "--info"), 3, "no QRNG found");
    }

    @Test
    void continuousReadWithProgressBar() throws Exception {
        QrngCli.stderrTerminal = true;
        Path f = dir.resolve("big.bin");
        var r = qcc("--start", "-r", "3000000", "--read-block-size", "65536", "-o", f.toString(), "--stop");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(Files.size(f)).isEqualTo(3_000_000);
        assertThat(r.progress()).contains("reading [").contains("MB/s ETA").contains("3.0 MB/3.0 MB");
        assertThat(r.out()).contains("Read 3000000 bytes (continuous)").contains("Continuous mode stopped.");
        var small = qcc("--start", "-r", "5000", "-o", f.toString());
        assertThat(small.progress()).isEmpty();
        var quiet = qcc("--start", "-r", "2000000", "-o", f.toString(), "--no-progress");
        assertThat(quiet.exitCode()).as("%s", quiet).isZero();
        assertThat(quiet.progress()).isEmpty();
        assertThat(Files.size(f)).isEqualTo(2_000_000);
        assertThat(qcc("--start").out()).contains("Continuous mode started.");
        assertThat(qcc("--stop").out()).contains("Continuous mode stopped."); // opening STOPs too
    }

    @Test
    void signedReadWritesDataAndSignature() throws Exception {
        Path f = dir.resolve("s.bin");
        var r = qcc("-R", "64", "-o", f.toString());
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(Files.size(f)).isEqualTo(64);
        assertThat(Files.size(Path.of(f + ".sig"))).isEqualTo(64);
        assertThat(r.out()).contains("verifies under the device's key");
        byte[] data = Files.readAllBytes(f);
        byte[] sig = Files.readAllBytes(Path.of(f + ".sig"));
        assertThat(io.pqrstuv.qrng.qcicada.P256.verify(emu.attestation().ecPublicKey(), data, 0, 64, sig)).isTrue();
        var toStdout = qcc("-R", "16");
        assertThat(toStdout.binary()).hasSize(16);
        assertThat(toStdout.err()).startsWith("signature (r||s): ");
    }

    @Test
    void configSettersAreReadModifyWrite() {
        var r = qcc("--postprocess", "raw-noise", "--initial-level", "40", "--auto-calibration", "off", "--startup-test", "on",
                "--repetition-count", "on", "--adaptive-proportion", "on", "--bit-count", "on", "--generate-on-error", "off",
                "--n-lsbits", "5", "--hash-input-size", "32", "--block-size", "448", "--autocalibration-target", "3000",
                "-g", "--json");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("\"postprocess\" : \"raw-noise\"").contains("\"initial_level\" : 40.0")
                .contains("\"auto_calibration\" : false").contains("\"bit_count\" : true").contains("\"n_lsbits\" : 5")
                .contains("\"hash_input_size\" : 32").contains("\"autocalibration_target\" : 3000");
        var back = qcc("--postprocess", "sha256", "--auto-calibration", "on", "--bit-count", "off", "--n-lsbits", "4",
                "--hash-input-size", "64", "--autocalibration-target", "2048", "--initial-level", "0.5", "-g");
        assertThat(back.out()).contains("Configuration set.").contains("sha256");
        oneLineError(qcc("--postprocess", "md5"), 2, "postprocess must be sha256, raw-noise or raw-samples");
        oneLineError(qcc("--bit-count", "maybe"), 2, "'maybe' is not on or off");
        oneLineError(qcc("--block-size", "70000"), 2, "--block-size must be 0..65535");
        oneLineError(qcc("--block-size", "0"), 4, "NACK to SET_CONFIG");
    }

    @Test
    void resetHashTestAndVerbose() throws Exception {
        var r = qcc("--reset", "-v");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("Reset: generation restarted");
        assertThat(r.err()).contains("qcc: → RESET 0a").contains("qcc: ← ACK");
        Path data = dir.resolve("data.bin");
        Files.write(data, new byte[5000]);
        var h = qcc("--hash-test", data.toString(), "--json");
        assertThat(h.exitCode()).as("%s", h).isZero();
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(new byte[5000]));
        assertThat(h.out()).contains("\"match\" : true").contains("\"device\" : \"" + sha + "\"");
        oneLineError(qcc("--hash-test", dir.resolve("missing").toString()), 2, "cannot read hash test file");
    }

    @Test
    void firmwareUpdateWithProgressAndErrors() throws Exception {
        QrngCli.stderrTerminal = true;
        Path img = dir.resolve("fw.bin");
        byte[] image = new byte[10_000];
        new java.util.Random(3).nextBytes(image);
        Files.write(img, image);
        var r = qcc("--update", img.toString());
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("FW UPDATED!");
        assertThat(r.progress()).contains("firmware [").contains("ETA");
        assertThat(emu.firmwareImage()).hasValueSatisfying(i -> assertThat(i).isEqualTo(image));
        oneLineError(qcc("--update", dir.resolve("nope.bin").toString()), 2, "cannot read firmware image");
        Path unreadable = dir.resolve("locked.bin");
        Files.write(unreadable, image);
        unreadable.toFile().setReadable(false);
        if (!Files.isReadable(unreadable)) { // root reads anything
            oneLineError(qcc("--update", unreadable.toString()), 2, "permission denied");
        }
        emu.faults().failFirmwareVerification(true);
        oneLineError(qcc("--update", img.toString()), 4, "ERR_VERIFICATION");
    }

    @Test
    void silentDeviceTimesOut() throws Exception {
        emu.faults().silent(true);
        Thread.sleep(300);
        var r = qcc("--timeout", "300", "--info");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(3);
        assertThat(r.err()).contains("no response");
        emu.faults().silent(false);
        Thread.sleep(300); // the emulator leaves its silent wait within 200 ms; what arrives meanwhile is swallowed
        oneLineError(qcc("--timeout", "0", "--info"), 2, "--timeout must be 1..600000 ms");
    }

    @Test
    void discoverListsTheEmulator() {
        QrngCli.patterns = List.of(shared.resolve("ttyQCicada*").toString());
        var r = QrngCli.run("qcc", "--discover");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains(tty).contains(emu.info().serial()).contains("CICADA-QRNG-");
        var j = QrngCli.run("qcc", "--discover", "--json");
        assertThat(j.out()).contains("\"devices\"").contains("\"port\" : \"" + tty + "\"");
        var auto = QrngCli.run("qcc", "--info"); // no -d: the only QRNG found
        assertThat(auto.exitCode()).as("%s", auto).isZero();
        assertThat(auto.out()).contains(emu.info().serial());
    }

    @Test
    void networkInterfaces() throws Exception {
        int tcp = emu.serveTcp(0);
        var r = QrngCli.run("qcc", "-i", "tcp", "-d", "127.0.0.1:" + tcp, "--info", "-r", "1000");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.binary()).hasSize(1000);
        int udp;
        try (DatagramSocket s = new DatagramSocket(0)) {
            udp = s.getLocalPort();
        }
        int tcpudp = emu.serveTcpUdp(0, udp);
        var u = QrngCli.run("qcc", "-i", "tcpudp", "-d", "127.0.0.1:" + tcpudp, "--udp-port", String.valueOf(udp),
                "-r", "5000", "-s");
        assertThat(u.exitCode()).as("%s", u).isZero();
        assertThat(u.binary()).hasSize(5000);
    }
}
