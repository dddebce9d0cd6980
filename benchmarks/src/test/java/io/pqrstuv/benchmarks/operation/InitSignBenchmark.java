package io.pqrstuv.benchmarks.operation;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.operation.support.TestDevice;
import io.pqrstuv.serial.LineRate;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * /init + /sign throughput and latency with 1, 8 and 32 keep-alive clients, for ES256 and
 * ML-DSA-65, at an unlimited line rate and at 9600 bps, after a warm-up of each algorithm. Run
 * with -Dpqrstuv.bench=true; writes benchmarks/target/benchmarks-operation.md.
 */
class InitSignBenchmark {
    /** Wire-time bound per /init+/sign at 9600 bps (notes §4, "incl. INIT round trip"). */
    private static double wireBound(Algorithm alg) {
        return alg == Algorithm.ES256 ? 0.360 : 3.741;
    }

    static final List<LineRate> RATES = List.of(LineRate.UNLIMITED, LineRate.BAUD_9600);
    static final List<Algorithm> ALGORITHMS = List.of(Algorithm.ES256, Algorithm.ML_DSA_65);
    static final List<Integer> CLIENTS = List.of(1, 8, 32);
    /** Clients during a warm-up: enough to keep the ICP link and the HTTP side busy at once. */
    static final int WARM_UP_CLIENTS = 8;
    /** A warm-up slice in which the JIT compiled for longer than this was not warm yet. */
    private static final long JIT_QUIET_MILLIS = 100;
    private static final Duration WARM_UP_SLICE = Duration.ofSeconds(2);
    private static final Duration WARM_UP_MAX = Duration.ofSeconds(60);

    /** One step of a run: a warm-up (not reported) or a measured row. */
    record Step(boolean warmUp, LineRate rate, Algorithm alg, int clients) {
    }

    /**
     * Every algorithm is warmed up before the first row is timed. The JIT compiles the whole path
     * (TLS, Jetty, HttpClient, ICP, storage module, the algorithm's crypto) during the first seconds
     * of the JVM; on a busy 2-core machine that takes tens of seconds of CPU, and without this
     * whichever rows ran first (ES256, unlimited) absorbed it and looked several times slower.
     */
    static List<Step> plan(List<LineRate> rates, List<Algorithm> algorithms, List<Integer> clients) {
        List<Step> steps = new ArrayList<>();
        for (Algorithm alg : algorithms) {
            steps.add(new Step(true, LineRate.UNLIMITED, alg, WARM_UP_CLIENTS));
        }
        for (LineRate rate : rates) {
            for (Algorithm alg : algorithms) {
                for (int c : clients) {
                    steps.add(new Step(false, rate, alg, c));
                }
            }
        }
        return steps;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void run() throws Exception {
        assumeTrue(Boolean.getBoolean("pqrstuv.bench"), "benchmark: -Dpqrstuv.bench=true");
        List<String> rows = new ArrayList<>();
        rows.add("| line rate | algorithm | clients | ops | ops/s | p50 ms | p90 ms | p99 ms | max ms | wire bound ops/s | of bound |");
        rows.add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (Step step : plan(RATES, ALGORITHMS, CLIENTS)) {
            if (step.warmUp()) {
                warmUp(step, jit);
                continue;
            }
            long jitBefore = jitMillis(jit);
            rows.add(measure(step.rate(), step.alg(), step.clients(), duration(step.rate(), step.alg())));
            System.out.println(rows.getLast() + " (JIT during the row: " + (jitMillis(jit) - jitBefore) + " ms)");
        }
        Path out = Path.of("target/benchmarks-operation.md");
        Files.write(out, rows);
    }

    /**
     * Runs the step's load for -Dpqrstuv.bench.warmup.seconds (default 10; 0 skips warming up), then
     * in further slices until the JIT is quiet, at most {@link #WARM_UP_MAX}.
     */
    private static void warmUp(Step step, CompilationMXBean jit) throws Exception {
        Duration first = Duration.ofSeconds(Long.getLong("pqrstuv.bench.warmup.seconds", 10));
        if (first.isZero()) {
            return;
        }
        long start = System.nanoTime();
        long before = jitMillis(jit);
        String row = measure(step.rate(), step.alg(), step.clients(), first);
        long compiled = jitMillis(jit) - before;
        System.out.println("warm-up " + row + " (JIT: " + compiled + " ms)");
        while (compiled > JIT_QUIET_MILLIS && System.nanoTime() - start < WARM_UP_MAX.toNanos()) {
            before = jitMillis(jit);
            row = measure(step.rate(), step.alg(), step.clients(), WARM_UP_SLICE);
            compiled = jitMillis(jit) - before;
            System.out.println("warm-up " + row + " (JIT: " + compiled + " ms)");
        }
    }

    private static long jitMillis(CompilationMXBean jit) {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static Duration duration(LineRate rate, Algorithm alg) {
        if (rate.isUnlimited()) {
            return Duration.ofSeconds(Long.getLong("pqrstuv.bench.seconds", 15));
        }
        return alg == Algorithm.ES256 ? Duration.ofSeconds(30) : Duration.ofSeconds(60);
    }

    private static String measure(LineRate rate, Algorithm alg, int clients, Duration run) throws Exception {
        try (TestDevice device = TestDevice.startLocal(rate)) {
            EcpTestClient setup = device.client();
            String id = setup.call("/keygen", alg.coseId()).result().asText();
            var data = JSON.createObjectNode().put("identifier", id).put("document", "AAECAwQFBgcICQ");
            // Warm-up: JIT, TLS sessions, connection pools.
            for (int i = 0; i < (rate.isUnlimited() ? 20 : 1); i++) {
                setup.call("/sign", data);
            }
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            long end = start + run.toNanos();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> fs = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    EcpTestClient client = device.client();
                    fs.add(pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            Reply r = client.call("/sign", data);
                            if (r.code() != 0) {
                                throw new IllegalStateException("sign failed: " + r.body());
                            }
                            latencies.add(System.nanoTime() - t0);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            double opsPerSecond = sorted.size() / seconds;
            String bound = rate.isUnlimited() ? "–" : String.format("%.3f", 1 / wireBound(alg));
            String ofBound = rate.isUnlimited() ? "–" : String.format("%.1f %%", 100 * opsPerSecond * wireBound(alg));
            return String.format("| %s | %s | %d | %d | %.2f | %.0f | %.0f | %.0f | %.0f | %s | %s |",
                    rate.isUnlimited() ? "unlimited" : rate.baud() + " bps", alg.displayName(), clients, sorted.size(),
                    opsPerSecond, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 100), bound, ofBound);
        }
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }
}
