package io.pqrstuv.operation.bench;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.operation.support.TestDevice;
import io.pqrstuv.serial.LineRate;
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
 * ML-DSA-65, at an unlimited line rate and at 9600 bps. Run with -Dpqrstuv.bench=true; writes
 * target/benchmarks-operation.md.
 */
class InitSignBenchmark {
    /** Wire-time bound per /init+/sign at 9600 bps (notes §4, "incl. INIT round trip"). */
    private static double wireBound(Algorithm alg) {
        return alg == Algorithm.ES256 ? 0.360 : 3.741;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void run() throws Exception {
        assumeTrue(Boolean.getBoolean("pqrstuv.bench"), "benchmark: -Dpqrstuv.bench=true");
        List<String> rows = new ArrayList<>();
        rows.add("| line rate | algorithm | clients | ops | ops/s | p50 ms | p90 ms | p99 ms | max ms | wire bound ops/s | of bound |");
        rows.add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LineRate rate : List.of(LineRate.UNLIMITED, LineRate.BAUD_9600)) {
            for (Algorithm alg : List.of(Algorithm.ES256, Algorithm.ML_DSA_65)) {
                for (int clients : List.of(1, 8, 32)) {
                    Duration d = duration(rate, alg);
                    rows.add(measure(rate, alg, clients, d));
                    System.out.println(rows.getLast());
                }
            }
        }
        Path out = Path.of("target/benchmarks-operation.md");
        Files.write(out, rows);
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
