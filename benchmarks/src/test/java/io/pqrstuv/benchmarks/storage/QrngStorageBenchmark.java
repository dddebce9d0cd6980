package io.pqrstuv.benchmarks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.clock.ScaledClock;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.testing.EmulatedQcicada;
import io.pqrstuv.storage.testing.IcpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: what drawing from a QCicada costs the storage module, beside the OS DRBG in the same run.
 * (1) INIT and INIT+KEYGEN rates over an unlimited in-memory link with {@code os}, a QCicada emulator
 * at its unlimited rate and one at the real device's rate (both over a real pty, in this JVM); (2)
 * INIT+SIGN ES256 at 9600 bps with and without the QRNG, against the §4 wire time: the QRNG must cost
 * no measurable wire time (≤ 1 %). Run with {@code -Dpqrstuv.bench=true}; the report goes to
 * benchmarks/target/benchmarks-qrng-storage.md.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "pqrstuv.bench", matches = "true")
class QrngStorageBenchmark {
    private static final byte[] NONE = new byte[0];
    private static final long SECONDS = Long.getLong("pqrstuv.bench.seconds", 5);
    private static final int ROUNDS = Integer.getInteger("pqrstuv.bench.rounds", 3);
    private static final String SECTIONS = System.getProperty("pqrstuv.bench.sections", "unlimited,9600");
    private static final int SIGN_RUNS = Integer.getInteger("pqrstuv.bench.signRuns", 30);

    enum Source {
        OS("os (JDK DRBG)"),
        QCICADA_UNLIMITED("qcicada: emulator unlimited"),
        QCICADA_REAL("qcicada: emulator real rate");

        final String label;

        Source(String label) {
            this.label = label;
        }
    }

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private int instances;

    private record Running(EmulatedQcicada qrng, EntropySource entropy, StorageModule module, IcpClient client)
            implements AutoCloseable {
        long signedReads() {
            return qrng == null ? 0 : qrng.signedReads();
        }

        @Override
        public void close() throws Exception {
            client.close();
            module.close();
            entropy.close();
            if (qrng != null) {
                qrng.close();
            }
        }
    }

    private Running start(Source source, LineRate rate) throws Exception {
        int n = instances++;
        EmulatedQcicada q = switch (source) {
            case OS -> null;
            case QCICADA_UNLIMITED -> EmulatedQcicada.start(dir.resolve("qrng-u"), EmulatorRate.unlimited());
            case QCICADA_REAL -> EmulatedQcicada.start(dir.resolve("qrng-r"), EmulatorRate.real());
        };
        EntropySource e = q == null ? new DrbgEntropySource() : q.open();
        PipeLink.Pair pipe = PipeLink.pair();
        StorageModule m = StorageModule.start(new StorageModule.Config(dir.resolve("state-" + n), "memory", e,
                new JcaDeviceCrypto(), new ScaledClock(1), Algorithm.PROFILE), RateLimitedLink.wrap(pipe.a(), rate));
        return new Running(q, e, m, new IcpClient(pipe.b()));
    }

    private record Rate(double opsPerSecond, double signedReadsPerOp, int refused) {
    }

    /** An operation that answered CMD_FAIL: the entropy source refused (fail closed); counted, not fatal. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Every failure or recovery line the QRNG sources reported during the run. */
    private final List<String> events = new ArrayList<>();

    /** Warm-up of a second, then ops for {@code SECONDS}. */
    private static Rate measure(Running r, Runnable op) {
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                op.run();
            } catch (Refused e) {
                // a refusal in the warm-up: counted in the measurement if it lasts
            }
        }
        long reads = r.signedReads();
        long start = System.nanoTime();
        end = start + SECONDS * 1_000_000_000L;
        int n = 0;
        int refused = 0;
        while (System.nanoTime() < end || n < 3) {
            try {
                op.run();
                n++;
            } catch (Refused e) {
                refused++;
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        return new Rate(n / s, (double) (r.signedReads() - reads) / n, refused);
    }

    private static void keygen(IcpClient c, Algorithm alg) {
        ResponsePayload r = c.authenticated(NONE, Command.KEYGEN, AlgId.encode(alg.coseId()));
        if (r.code() == ResponseCode.CMD_FAIL) {
            throw new Refused("KEYGEN " + alg.displayName());
        }
        if (r.code() != ResponseCode.SUCCESS) {
            throw new AssertionError("KEYGEN " + alg.displayName() + " failed: " + r);
        }
    }

    private void initSign(IcpClient c, byte[] id) {
        byte[] op = new byte[48];
        random.nextBytes(op);
        System.arraycopy(id, 0, op, 0, 16);
        ResponsePayload r = c.authenticated(NONE, Command.SIGN, op);
        if (r.code() != ResponseCode.SUCCESS) {
            throw new AssertionError("SIGN failed: " + r);
        }
    }

    private static void init(IcpClient c) {
        ResponsePayload r = c.unauthenticated(Command.INIT, NONE);
        if (r.code() == ResponseCode.CMD_FAIL) {
            throw new Refused("INIT");
        }
        if (r.code() != ResponseCode.SUCCESS) {
            throw new AssertionError("INIT failed: " + r);
        }
    }

    private static byte[] keyOf(Running r) {
        ResponsePayload k = r.client().authenticated(NONE, Command.KEYGEN, AlgId.encode(Algorithm.ES256.coseId()));
        assertThat(k.code()).isEqualTo(ResponseCode.SUCCESS);
        return k.data();
    }

    private static List<Source> rotated(int round) {
        List<Source> all = new ArrayList<>(List.of(Source.values()));
        java.util.Collections.rotate(all, -(round % all.size()));
        return all;
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES) // longer than the 5-minute default
    void run() throws Exception {
        List<String> out = new ArrayList<>();
        out.add("Run " + Instant.now() + ", JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, load at start " + load() + "; " + SECONDS + " s per measurement, " + ROUNDS
                + " rounds, each source first in turn (mean of the rounds)");
        out.add("");
        out.add("| Operation (in-memory link, unlimited) | " + String.join(" | ",
                java.util.Arrays.stream(Source.values()).map(s -> s.label + " ops/s").toList())
                + " | QCicada unlimited / os | verified signed reads per op | refused (CMD_FAIL) os / unl. / real |");
        out.add("|---|---:|---:|---:|---:|---:|---:|");
        record Op(String name, Algorithm keygen) {
        }
        List<Op> ops = List.of(new Op("INIT", null), new Op("INIT+KEYGEN ES256", Algorithm.ES256),
                new Op("INIT+KEYGEN Ed25519", Algorithm.ED25519), new Op("INIT+KEYGEN ML-DSA-65", Algorithm.ML_DSA_65),
                new Op("INIT+KEYGEN ML-KEM-768", Algorithm.ML_KEM_768));
        for (Op op : SECTIONS.contains("unlimited") ? ops : List.<Op>of()) {
            Map<Source, double[]> sums = new EnumMap<>(Source.class);
            Map<Source, Integer> refused = new EnumMap<>(Source.class);
            double readsPerOp = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (Source s : rotated(round)) { // each source first in turn: the machine's load drifts alike over all
                    try (Running r = start(s, LineRate.UNLIMITED)) {
                        Rate rate = measure(r, op.keygen() == null ? () -> init(r.client())
                                : () -> keygen(r.client(), op.keygen()));
                        refused.merge(s, rate.refused(), Integer::sum);
                        if (r.qrng() != null) {
                            r.qrng().events().forEach(e -> events.add(op.name() + ", " + s.label + ": " + e));
                        }
                        sums.computeIfAbsent(s, k -> new double[1])[0] += rate.opsPerSecond() / ROUNDS;
                        if (s == Source.QCICADA_UNLIMITED) {
                            readsPerOp += rate.signedReadsPerOp() / ROUNDS;
                        }
                    }
                }
            }
            double os = sums.get(Source.OS)[0];
            out.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %d / %d / %d |", op.name(), os,
                    sums.get(Source.QCICADA_UNLIMITED)[0], sums.get(Source.QCICADA_REAL)[0],
                    sums.get(Source.QCICADA_UNLIMITED)[0] / os, readsPerOp, refused.getOrDefault(Source.OS, 0),
                    refused.getOrDefault(Source.QCICADA_UNLIMITED, 0), refused.getOrDefault(Source.QCICADA_REAL, 0)));
        }
        out.add("");
        out.add("QRNG events during the unlimited rows (fail closed and recovery): " + (events.isEmpty() ? "none" : ""));
        events.forEach(e -> out.add("- " + e));
        out.add("");
        out.add("Load after the unlimited rows: " + load());
        out.add("");

        // INIT+SIGN ES256 at 9600 bps: both modules up, runs interleaved (the order swapped every pair), so
        // that the machine's load drifts alike over both; the median is the per-command cost, the mean adds
        // the scheduler's stalls on this shared machine.
        double wire = StorageModuleBenchmark.wireSeconds(Algorithm.ES256);
        Map<Source, List<Double>> times = new EnumMap<>(Source.class);
        if (!SECTIONS.contains("9600")) {
            Files.write(Path.of("target", "benchmarks-qrng-storage.md"), out);
            return;
        }
        try (Running os = start(Source.OS, LineRate.BAUD_9600); Running q = start(Source.QCICADA_REAL, LineRate.BAUD_9600)) {
            byte[] osKey = keyOf(os);
            byte[] qKey = keyOf(q);
            initSign(os.client(), osKey); // warm-up
            initSign(q.client(), qKey);
            for (int i = 0; i < SIGN_RUNS; i++) {
                for (Source s : (i % 2 == 0 ? List.of(Source.OS, Source.QCICADA_REAL) : List.of(Source.QCICADA_REAL, Source.OS))) {
                    Running r = s == Source.OS ? os : q;
                    long t0 = System.nanoTime();
                    initSign(r.client(), s == Source.OS ? osKey : qKey);
                    times.computeIfAbsent(s, x -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e9);
                }
            }
        }
        out.add("| INIT+SIGN ES256 at 9600 bps | runs | median s | mean s | min s | max s | §4 wire time s | median / wire | mean / wire |");
        out.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        double[] medians = new double[2];
        double[] means = new double[2];
        int i = 0;
        for (Source s : new Source[] {Source.OS, Source.QCICADA_REAL}) {
            double[] t = times.get(s).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
            double mean = java.util.Arrays.stream(t).average().orElseThrow();
            medians[i] = median;
            means[i++] = mean;
            out.add(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |", s.label, t.length,
                    median, mean, t[0], t[t.length - 1], wire, median / wire, mean / wire));
        }
        double cost = (medians[1] - medians[0]) / wire;
        out.add("");
        out.add(String.format(Locale.ROOT, "QRNG cost at 9600 bps: (qcicada − os) / wire time = %+.2f %% on the median, "
                + "%+.2f %% on the mean (limit 1 %%). Load at end: %s", 100 * cost, 100 * (means[1] - means[0]) / wire, load()));
        Files.write(Path.of("target", "benchmarks-qrng-storage.md"), out);
        assertThat(cost).as("the QRNG costs no measurable wire time").isLessThanOrEqualTo(0.01);
    }
}
