package io.pqrstuv.benchmarks.vault;

import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code scripts/bench-vaults}: the whole device ({@code ./pqrstuv device --vault V}) on each vault,
 * side by side in one run, with a keep-alive HTTPS client doing /init + /sign and every signature
 * verified (issue 14). Starts its own swtpm instances and SoftHSM2 token. Each vault runs
 * {@code --rounds} times, the order reversed every other round, each run in a fresh device process:
 *
 * <ul>
 *   <li>at 9600 bps: INIT+SIGN one after the other on one client, mean seconds per operation
 *       against the wire bound (ES256 0.360 s, ML-DSA-65 3.741 s, notes §4);
 *   <li>at an unlimited line rate, after a warm-up: ES256 signatures per second with 1 and 8
 *       clients, ML-DSA-65 with 8 clients, and the median /keygen (ES256) time.
 * </ul>
 *
 * Prints one line per run and then the summary table (ranges over the rounds), also written to
 * {@code --out} as Markdown.
 */
public final class VaultBenchmark {
    static final double ES256_BOUND = 0.360;
    static final double ML_DSA_65_BOUND = 3.741;

    private VaultBenchmark() {
    }

    /** Settings, from the command line. */
    record Options(List<String> vaults, int rounds, Duration seconds, Duration warmUp, int es256Ops9600,
            int mlDsaOps9600, int keygens, Path out, Path launcher, boolean lineRate) {
        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    usage();
                    System.exit(0);
                }
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option VALUE, got " + a);
                }
                m.put(a.substring(2), args[++i]);
            }
            Options o = new Options(
                    List.of(m.getOrDefault("vaults", "memory,dev,tpm,pkcs11,tpm-tools").split(",")),
                    Integer.parseInt(m.getOrDefault("rounds", "2")),
                    Duration.ofSeconds(Long.parseLong(m.getOrDefault("seconds", "8"))),
                    Duration.ofSeconds(Long.parseLong(m.getOrDefault("warmup", "10"))),
                    Integer.parseInt(m.getOrDefault("es256-9600", "20")),
                    Integer.parseInt(m.getOrDefault("mldsa-9600", "3")),
                    Integer.parseInt(m.getOrDefault("keygens", "20")),
                    Path.of(m.getOrDefault("out", "benchmarks/target/vault-benchmark.md")),
                    Path.of(m.getOrDefault("launcher", "./pqrstuv")),
                    !m.getOrDefault("line-rate", "yes").equals("no"));
            for (String v : o.vaults) {
                if (!List.of("memory", "dev", "tpm", "tpm-tools", "pkcs11").contains(v)) {
                    throw new IllegalArgumentException("unknown vault " + v + " (memory, dev, tpm, tpm-tools, pkcs11)");
                }
            }
            return o;
        }

        static void usage() {
            System.out.println("""
                    usage: scripts/bench-vaults [--vaults memory,dev,tpm,pkcs11,tpm-tools] [--rounds 2] [--seconds 8]
                                                [--warmup 10] [--es256-9600 20] [--mldsa-9600 3] [--keygens 20]
                                                [--line-rate yes|no] [--out FILE]
                    tpm runs on a swtpm started here, pkcs11 on a SoftHSM2 token initialised here;
                    tpm-tools is the tpm2-tools fallback (--vault tpm-tools:TCTI) on its own swtpm.""");
        }
    }

    /** One vault's figures from one run. NaN where a part was skipped. */
    record Run(String vault, int round, double es256Line, double mlDsaLine, double es256One, double es256Eight,
            double mlDsaEight, double keygenMillis, String load) {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-vaults: " + e.getMessage());
            Options.usage();
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("pqrstuv-vault-bench-");
        List<Run> runs = new ArrayList<>();
        Instant started = Instant.now();
        try (VaultFixtures fixtures = new VaultFixtures(work)) {
            Map<String, String> specs = new LinkedHashMap<>();
            for (String v : o.vaults()) {
                specs.put(v, switch (v) {
                    case "tpm" -> "tpm:" + fixtures.startSwtpm("tpm");
                    case "tpm-tools" -> "tpm-tools:" + fixtures.startSwtpm("tpm-tools");
                    case "pkcs11" -> "pkcs11:" + fixtures.softHsmToken("bench", "246810");
                    default -> v;
                });
            }
            System.out.println("# vault benchmark " + started.truncatedTo(ChronoUnit.SECONDS) + ", " + machine());
            for (int round = 1; round <= o.rounds(); round++) {
                List<String> order = new ArrayList<>(o.vaults());
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (String vault : order) {
                    Run r = measure(o, fixtures, work, vault, specs.get(vault), round);
                    runs.add(r);
                    System.out.println(runLine(r));
                }
            }
        } finally {
            deleteTree(work);
        }
        String table = summary(o, runs, started);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(o.out().toAbsolutePath().getParent());
        Files.writeString(o.out(), table);
        System.out.println("(written to " + o.out() + ")");
    }

    private static Run measure(Options o, VaultFixtures fixtures, Path work, String vault, String spec, int round)
            throws Exception {
        Path state = work.resolve("state-" + vault);
        String loadBefore = loadAverage();
        double es256One;
        double es256Eight;
        double mlDsaEight;
        double keygen;
        SignLoad.Key es256;
        SignLoad.Key mlDsa;
        try (DeviceProcess d = DeviceProcess.start(o.launcher(), state, spec, "unlimited", fixtures.environment())) {
            try (PqrstuvClient c = d.client()) {
                es256 = SignLoad.keygen(c, Algorithm.ES256);
                mlDsa = SignLoad.keygen(c, Algorithm.ML_DSA_65);
            }
            // The device's JIT compiles the whole path (TLS, Jetty, ICP, the vault, the algorithms)
            // in its first seconds; without a warm-up the first rows would measure the compiler.
            SignLoad.signFor(d, es256, 8, o.warmUp());
            SignLoad.signFor(d, mlDsa, 8, o.warmUp().dividedBy(2));
            SignLoad.keygens(d, Algorithm.ES256, 3);
            es256One = SignLoad.signFor(d, es256, 1, o.seconds()).opsPerSecond();
            es256Eight = SignLoad.signFor(d, es256, 8, o.seconds()).opsPerSecond();
            mlDsaEight = SignLoad.signFor(d, mlDsa, 8, o.seconds()).opsPerSecond();
            keygen = SignLoad.keygens(d, Algorithm.ES256, o.keygens()).medianMillis();
        }
        double es256Line = Double.NaN;
        double mlDsaLine = Double.NaN;
        if (o.lineRate()) {
            try (DeviceProcess d = DeviceProcess.start(o.launcher(), state, spec, "9600", fixtures.environment())) {
                if (vault.equals("memory")) {
                    // The memory vault keeps nothing across restarts: its keys died with the first process.
                    try (PqrstuvClient c = d.client()) {
                        es256 = SignLoad.keygen(c, Algorithm.ES256);
                        mlDsa = SignLoad.keygen(c, Algorithm.ML_DSA_65);
                    }
                }
                if (o.es256Ops9600() > 0) {
                    es256Line = SignLoad.signCount(d, es256, o.es256Ops9600()).meanSeconds();
                }
                if (o.mlDsaOps9600() > 0) {
                    mlDsaLine = SignLoad.signCount(d, mlDsa, o.mlDsaOps9600()).meanSeconds();
                }
            }
        }
        return new Run(vault, round, es256Line, mlDsaLine, es256One, es256Eight, mlDsaEight, keygen,
                loadBefore + " → " + loadAverage());
    }

    static String runLine(Run r) {
        return String.format("round %d %-9s 9600: ES256 %s, ML-DSA-65 %s | unlimited: ES256 %s / %s ops/s (1 / 8 clients),"
                        + " ML-DSA-65 %s ops/s (8), /keygen %s ms | load %s",
                r.round(), r.vault(), seconds(r.es256Line(), ES256_BOUND), seconds(r.mlDsaLine(), ML_DSA_65_BOUND),
                rate(r.es256One()), rate(r.es256Eight()), rate(r.mlDsaEight()), millis(r.keygenMillis()), r.load());
    }

    /** The table: one row per vault, each cell the range over the rounds. */
    static String summary(Options o, List<Run> runs, Instant started) {
        StringBuilder sb = new StringBuilder();
        sb.append("Vault benchmark (scripts/bench-vaults), ").append(started.truncatedTo(ChronoUnit.SECONDS))
                .append(", ").append(machine()).append('\n')
                .append("Whole device (./pqrstuv device --vault V), one process per run; /init + /sign over keep-alive HTTPS,")
                .append(" every signature verified; ").append(o.rounds()).append(" round(s), order reversed every other round;")
                .append(" unlimited rows ").append(o.seconds().toSeconds()).append(" s after a ").append(o.warmUp().toSeconds())
                .append(" s warm-up; 9600 rows: ").append(o.es256Ops9600()).append(" ES256 / ").append(o.mlDsaOps9600())
                .append(" ML-DSA-65 operations on one client.\n\n");
        sb.append("| vault | INIT+SIGN ES256 at 9600 bps (wire bound 0.360 s) | INIT+SIGN ML-DSA-65 at 9600 bps (bound 3.741 s)")
                .append(" | ES256 ops/s, unlimited, 1 / 8 clients | ML-DSA-65 ops/s, 8 clients | /keygen ms |\n")
                .append("|---|---|---|---|---|---|\n");
        Map<String, List<Run>> byVault = new LinkedHashMap<>();
        for (String v : o.vaults()) {
            byVault.put(v, runs.stream().filter(r -> r.vault().equals(v)).toList());
        }
        byVault.forEach((v, rs) -> sb.append("| ").append(v)
                .append(" | ").append(lineRange(rs.stream().mapToDouble(Run::es256Line).toArray(), ES256_BOUND))
                .append(" | ").append(lineRange(rs.stream().mapToDouble(Run::mlDsaLine).toArray(), ML_DSA_65_BOUND))
                .append(" | ").append(range(rs.stream().mapToDouble(Run::es256One).toArray(), VaultBenchmark::rate))
                .append(" / ").append(range(rs.stream().mapToDouble(Run::es256Eight).toArray(), VaultBenchmark::rate))
                .append(" | ").append(range(rs.stream().mapToDouble(Run::mlDsaEight).toArray(), VaultBenchmark::rate))
                .append(" | ").append(range(rs.stream().mapToDouble(Run::keygenMillis).toArray(), VaultBenchmark::millis))
                .append(" |\n"));
        List<Run> dev = byVault.getOrDefault("dev", List.of());
        if (!dev.isEmpty()) {
            sb.append("\nAgainst the dev vault (means over the rounds): ");
            List<String> parts = new ArrayList<>();
            byVault.forEach((v, rs) -> {
                if (!v.equals("dev") && !rs.isEmpty()) {
                    parts.add(String.format("%s ES256 8 clients %.0f %%, /keygen %.2f×", v,
                            100 * mean(rs, Run::es256Eight) / mean(dev, Run::es256Eight),
                            mean(rs, Run::keygenMillis) / mean(dev, Run::keygenMillis)));
                }
            });
            sb.append(String.join("; ", parts)).append(".\n");
        }
        sb.append("\nRuns:\n\n");
        runs.stream().sorted(Comparator.comparing(Run::round)).forEach(r -> sb.append("- ").append(runLine(r)).append('\n'));
        return sb.toString();
    }

    private static double mean(List<Run> rs, java.util.function.ToDoubleFunction<Run> f) {
        return rs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }

    static String lineRange(double[] values, double bound) {
        double[] v = finite(values);
        if (v.length == 0) {
            return "–";
        }
        double lo = min(v);
        double hi = max(v);
        String s = String.format("%.3f", lo);
        String r = String.format("%.2f×", lo / bound);
        if (String.format("%.3f", hi).equals(s)) {
            return s + " s (" + r + ")";
        }
        String r2 = String.format("%.2f×", hi / bound);
        return s + "–" + String.format("%.3f", hi) + " s (" + (r.equals(r2) ? r : r.replace("×", "") + "–" + r2) + ")";
    }

    static String range(double[] values, java.util.function.DoubleFunction<String> format) {
        double[] v = finite(values);
        if (v.length == 0) {
            return "–";
        }
        String lo = format.apply(min(v));
        String hi = format.apply(max(v));
        return lo.equals(hi) ? lo : lo + "–" + hi;
    }

    static String rate(double opsPerSecond) {
        if (Double.isNaN(opsPerSecond)) {
            return "–";
        }
        return opsPerSecond >= 100 ? String.format("%,.0f", opsPerSecond) : String.format("%.1f", opsPerSecond);
    }

    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        return ms >= 10 ? String.format("%,.0f", ms) : String.format("%.1f", ms);
    }

    private static String seconds(double s, double bound) {
        return Double.isNaN(s) ? "–" : String.format("%.3f s (%.2f×)", s, s / bound);
    }

    private static double[] finite(double[] values) {
        return java.util.Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray();
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElseThrow();
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version() + ", load "
                + loadAverage();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
