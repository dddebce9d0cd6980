package io.pqrstuv.qrng.bench;

import io.pqrstuv.qrng.QccDevice;
import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.jca.QrngProvider;
import io.pqrstuv.qrng.qcicada.P256;
import io.pqrstuv.qrng.qcicada.QCicadaDevice;
import io.pqrstuv.qrng.qcicada.QCicadaOptions;
import io.pqrstuv.qrng.qcicada.SignedRead;
import io.pqrstuv.qrng.testing.DeviceUnderTest;
import io.pqrstuv.qrng.testing.DeviceUnderTest.Link;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DrbgParameters;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 and 11 benchmarks: library throughput from the emulator (unlimited and real rate) over
 * pty, tcp and tcpudp, one-shot and continuous; QRNG-DRBG beside the JDK DRBG; signed reads and
 * the cost of verifying them. Run with {@code -Dpqrstuv.bench=true}; writes
 * {@code qrng/target/benchmarks-qrng.md}. {@code -Dpqrstuv.bench.seconds=N} per row (default 3),
 * {@code -Dpqrstuv.bench.real.seconds=N} for the real-rate rows (default 20).
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "pqrstuv.bench", matches = "true")
class QrngBenchmark {
    private static final long SECONDS = Long.getLong("pqrstuv.bench.seconds", 3);
    private static final long REAL_SECONDS = Long.getLong("pqrstuv.bench.real.seconds", 20);
    private static final QccOptions OPTS = QccOptions.defaults().withStopSilence(Duration.ofMillis(100));

    @TempDir
    Path dir;
    private final List<String> rows = new ArrayList<>();

    @Test
    void run() throws Exception {
        String load = new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes()).strip();
        rows.add("Load at start: `" + load + "`, " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + SECONDS + " s per row.");
        rows.add("");
        String only = System.getProperty("pqrstuv.bench.only", "throughput,real,drbg,signed");
        rows.add("| Emulator rate | Link | Mode | MB/s | kB/s | × 12.5 kB/s |");
        rows.add("|---|---|---|---:|---:|---:|");
        if (only.contains("throughput")) {
            for (Link link : Link.values()) {
                throughput(EmulatorRate.unlimited(), link, SECONDS);
            }
        }
        if (only.contains("real")) {
            for (Link link : Link.values()) {
                throughput(EmulatorRate.real(), link, REAL_SECONDS);
            }
        }
        rows.add("");
        if (only.contains("drbg")) {
            drbg();
        }
        rows.add("");
        if (only.contains("signed")) {
            signed();
        }
        String load2 = new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes()).strip();
        rows.add("");
        rows.add("Load at end: `" + load2 + "`");
        Path out = Path.of("target", "benchmarks-qrng-" + only.replace(',', '-') + ".md");
        Files.createDirectories(out.getParent());
        Files.write(out, rows);
        rows.forEach(System.out::println);
    }

    private void throughput(EmulatorRate rate, Link link, long seconds) throws Exception {
        Path state = Files.createTempDirectory(dir, "s");
        var b = QcicadaEmulator.builder().stateDir(state).rate(rate);
        try (DeviceUnderTest dut = DeviceUnderTest.start(link, b); QccDevice dev = dut.open(OPTS)) {
            String rateName = rate.isUnlimited() ? "unlimited" : "real (12.5 kB/s)";
            byte[] buf = new byte[65_535];
            dev.readRandom(buf, 0, buf.length, QccDevice.StatusCheck.NONE); // warm-up
            if (!rate.isUnlimited()) {
                Thread.sleep(1500); // let the pool refill: measure the sustained rate from a full pool
            }
            long bytes = 0;
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                dev.readRandom(buf, 0, rate.isUnlimited() ? buf.length : 4480, QccDevice.StatusCheck.NONE);
                bytes += rate.isUnlimited() ? buf.length : 4480;
            }
            row(rateName, link, "one-shot " + (rate.isUnlimited() ? "65,535 B" : "4,480 B"), bytes, System.nanoTime() - t0);

            dev.startContinuous();
            dev.readContinuous(buf, 0, 4096);
            bytes = 0;
            t0 = System.nanoTime();
            end = t0 + seconds * 1_000_000_000L;
            int block = rate.isUnlimited() ? buf.length : 448;
            while (System.nanoTime() < end) {
                dev.readContinuous(buf, 0, block);
                bytes += block;
            }
            long took = System.nanoTime() - t0;
            dev.stop();
            row(rateName, link, "continuous", bytes, took);
        }
    }

    private void row(String rate, Link link, String mode, long bytes, long nanos) {
        double bps = bytes / (nanos / 1e9);
        rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.2f | %.3f |", rate, link.name().toLowerCase(Locale.ROOT),
                mode, bps / 1e6, bps / 1e3, bps / 12_500));
    }

    private void drbg() throws Exception {
        rows.add("| SecureRandom | Request | MB/s |");
        rows.add("|---|---:|---:|");
        Path state = Files.createTempDirectory(dir, "d");
        try (DeviceUnderTest dut = DeviceUnderTest.start(Link.PTY, state); QccDevice dev = dut.open(OPTS)) {
            QrngProvider p = new QrngProvider(dev);
            QrngProvider cached = new QrngProvider(dev, new QrngProvider.Settings(Duration.ofSeconds(1), 1L << 16, null));
            SecureRandom jdk = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
            for (int size : new int[] {32, 65_536}) {
                drbgRow("QRNG-DRBG (status checked every request)", SecureRandom.getInstance("QRNG-DRBG", p), size);
                drbgRow("QRNG-DRBG (status at most 1 s old)", SecureRandom.getInstance("QRNG-DRBG", cached), size);
                drbgRow("JDK DRBG (Hash_DRBG SHA-256, 256 bits)", jdk, size);
                drbgRow("QRNG (device bytes, emulator unlimited)", SecureRandom.getInstance("QRNG", p), size);
            }
        }
    }

    private void drbgRow(String name, SecureRandom r, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < 50; i++) {
            r.nextBytes(b);
        }
        long bytes = 0;
        long t0 = System.nanoTime();
        long end = t0 + SECONDS * 1_000_000_000L;
        while (System.nanoTime() < end) {
            r.nextBytes(b);
            bytes += size;
        }
        double mbs = bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
        rows.add(String.format(Locale.ROOT, "| %s | %,d B | %.2f |", name, size, mbs));
    }

    private void signed() throws Exception {
        rows.add("| Signed reads | Link | Read size | MB/s (data) | reads/s |");
        rows.add("|---|---|---:|---:|---:|");
        for (EmulatorRate rate : new EmulatorRate[] {EmulatorRate.unlimited(), EmulatorRate.real()}) {
            Path state = Files.createTempDirectory(dir, "q");
            var b = QcicadaEmulator.builder().stateDir(state).rate(rate);
            try (DeviceUnderTest dut = DeviceUnderTest.start(Link.PTY, b);
                    QCicadaDevice dev = QCicadaDevice.open(dut.endpoint(), QCicadaOptions.of(OPTS))) {
                ECPublicKey k = dev.verifiedDevicePublicKey(dut.emulator().attestation().oemCaPublicKeyPem().orElseThrow());
                int[] sizes = rate.isUnlimited() ? new int[] {1024, 65_535} : new int[] {448};
                for (int n : sizes) {
                    dev.signedReadVerified(n, k);
                    long bytes = 0;
                    long reads = 0;
                    long t0 = System.nanoTime();
                    long end = t0 + (rate.isUnlimited() ? SECONDS : REAL_SECONDS / 2) * 1_000_000_000L;
                    while (System.nanoTime() < end) {
                        dev.signedReadVerified(n, k);
                        bytes += n;
                        reads++;
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    rows.add(String.format(Locale.ROOT, "| verified, emulator %s | pty | %,d B | %.3f | %.0f |",
                            rate.isUnlimited() ? "unlimited" : "real", n, bytes / s / 1e6, reads / s));
                }
            }
        }
        rows.add("");
        rows.add("| Verification (JDK SHA256withECDSAinP1363Format) | Data | µs per verify | µs per KB |");
        rows.add("|---|---:|---:|---:|");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var kp = g.generateKeyPair();
        for (int n : new int[] {32, 1024, 65_535}) {
            byte[] data = new byte[n];
            new SecureRandom().nextBytes(data);
            Signature s = Signature.getInstance(P256.SIGNATURE);
            s.initSign(kp.getPrivate());
            s.update(data);
            byte[] sig = s.sign();
            SignedRead r = new SignedRead(data, sig);
            for (int i = 0; i < 200; i++) {
                r.verify(kp.getPublic());
            }
            long count = 0;
            long t0 = System.nanoTime();
            long end = t0 + SECONDS * 1_000_000_000L;
            while (System.nanoTime() < end) {
                r.verify(kp.getPublic());
                count++;
            }
            double us = (System.nanoTime() - t0) / 1e3 / count;
            rows.add(String.format(Locale.ROOT, "| verify | %,d B | %.1f | %.2f |", n, us, us / (n / 1024.0)));
        }
    }
}
