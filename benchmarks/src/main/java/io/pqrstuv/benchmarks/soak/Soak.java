package io.pqrstuv.benchmarks.soak;

import io.pqrstuv.benchmarks.vault.DeviceProcess;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.error.IncorrectSecretException;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Issue 15 part 5: the whole device ({@code ./pqrstuv device}) under 32 keep-alive clients and
 * churn, for as long as asked, printing the device's resident memory, threads, open files and the
 * clients' latency every interval (a minute). {@code scripts/soak [minutes]} runs it.
 *
 * <p>Each keep-alive client is an SDK client ({@link PqrstuvClient}, its own HTTPS connection kept
 * alive) looping over /ping of 1–64 random bytes (45 %, its echo checked), /init + /sign with an
 * ES256 key (35 %, every signature verified), /info (5 %) and /init + /list_keys (15 %). The churn:
 * a new client (new TCP connection and TLS handshake) for one /ping every second; a session opened with /init and never used every two
 * seconds; and a /sign with a wrong secret every 160 s, so never more than two in the storage
 * module's 5-minute window (three would lock it for 30 minutes, D-10) — each must be refused with
 * code 8 and nothing else. Anything unexpected is counted as an error and its first occurrences printed.
 */
public final class Soak {
    /** The factory secret (D-8); the soak never changes it. */
    private static final byte[] SECRET = new byte[0];
    private static final byte[] WRONG_SECRET = "not the secret".getBytes(StandardCharsets.US_ASCII);
    private static final Duration WRONG_TOKEN_EVERY = Duration.ofSeconds(160);

    record Options(Duration duration, Duration interval, int clients, String lineRate, String vault, Path launcher, Path out) {
        static Options parse(String[] args) {
            Map<String, String> m = new HashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help") || args[i].equals("-h")) {
                    System.out.println("""
                            usage: scripts/soak [MINUTES] [--clients 32] [--line-rate 9600|unlimited] [--vault dev]
                                                [--interval-seconds 60] [--out benchmarks/target/soak.md]""");
                    System.exit(0);
                }
                if (args[i].startsWith("--") && i + 1 < args.length) {
                    m.put(args[i].substring(2), args[++i]);
                } else {
                    positional.add(args[i]);
                }
            }
            double minutes = positional.isEmpty() ? 60 : Double.parseDouble(positional.getFirst());
            return new Options(Duration.ofMillis((long) (minutes * 60_000)),
                    Duration.ofSeconds(Long.parseLong(m.getOrDefault("interval-seconds", "60"))),
                    Integer.parseInt(m.getOrDefault("clients", "32")), m.getOrDefault("line-rate", "9600"),
                    m.getOrDefault("vault", "dev"), Path.of(m.getOrDefault("launcher", "./pqrstuv")),
                    Path.of(m.getOrDefault("out", "benchmarks/target/soak.md")));
        }
    }

    /** One printed line: the device's resources at its end and the clients' latencies during it. */
    record Row(double minute, long rssMib, int threads, int files, long ops, long churnOps, double p50, double p99,
               double max, long errors, String load) {
        String line() {
            return String.format(Locale.ROOT, "%6.1f | %5d | %4d | %5d | %7d | %5d | %7.1f | %7.1f | %8.1f | %4d | %s",
                    minute, rssMib, threads, files, ops, churnOps, p50, p99, max, errors, load);
        }
    }

    static final String HEADER = "minute | RSS MiB | threads | files | ops | churn | p50 ms | p99 ms | max ms | errors | load (1/5/15 min)";

    private final Options options;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Latencies latencies = new Latencies();
    private final Counter churn = new Counter();
    private final Errors errors = new Errors();

    private Soak(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        new Soak(o).run();
    }

    private void run() throws Exception {
        Path state = Files.createTempDirectory("pqrstuv-soak");
        List<Row> rows = new ArrayList<>();
        String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        System.out.printf(Locale.ROOT, "soak: %s, ./pqrstuv device --line-rate %s --vault %s, %d keep-alive clients + churn, %s%n",
                started, options.lineRate(), options.vault(), options.clients(), options.duration());
        try (DeviceProcess device = DeviceProcess.start(options.launcher(), state.resolve("device"), options.vault(),
                options.lineRate(), Map.of())) {
            Key key = setUp(device);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < options.clients(); i++) {
                PqrstuvClient c = device.client();
                threads.add(Thread.ofPlatform().name("soak-client-" + i).start(() -> keepAliveClient(c, key)));
            }
            threads.add(Thread.ofPlatform().name("soak-new-connections").start(() -> newConnections(device)));
            threads.add(Thread.ofPlatform().name("soak-unused-sessions").start(() -> unusedSessions(device)));
            threads.add(Thread.ofPlatform().name("soak-wrong-tokens").start(() -> wrongTokens(device, key)));

            System.out.println(HEADER);
            rows.add(sample(device, 0));
            System.out.println(rows.getLast().line());
            long start = System.nanoTime();
            long end = start + options.duration().toNanos();
            long next = start;
            while ((next += options.interval().toNanos()) <= end + 1_000_000) {
                Thread.sleep(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
                if (!device.isAlive()) {
                    System.out.println("soak: the device process ended:\n" + device.output());
                    break;
                }
                rows.add(sample(device, (System.nanoTime() - start) / 60e9));
                System.out.println(rows.getLast().line());
            }
            running.set(false);
            for (Thread t : threads) {
                t.join(Duration.ofMinutes(5));
            }
        } finally {
            deleteTree(state);
        }
        String report = report(started, rows);
        System.out.println(report);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), report);
    }

    record Key(KeyId id, PublicKey publicKey) {
    }

    private static Key setUp(DeviceProcess device) throws Exception {
        try (PqrstuvClient c = device.client()) {
            return c.withSecret(SECRET, seq -> {
                KeyId id = seq.keygen(Algorithm.ES256);
                return new Key(id, DeviceKeys.publicKey(seq.publicKey(id)));
            });
        }
    }

    private Row sample(DeviceProcess device, double minute) throws IOException {
        ProcStats s = ProcStats.of(device.pid());
        Latencies.Window w = latencies.drain();
        return new Row(minute, s.rssKib() / 1024, s.threads(), s.files(), w.count(), churn.drain(),
                w.percentile(0.50), w.percentile(0.99), w.max(), errors.drain(),
                Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0] + " "
                        + Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[1] + " "
                        + Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[2]);
    }

    // ---- the load ----

    private void keepAliveClient(PqrstuvClient c, Key key) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (c) {
            while (running.get()) {
                int pick = random.nextInt(100);
                long t0 = System.nanoTime();
                try {
                    if (pick < 45) {
                        byte[] data = new byte[1 + random.nextInt(64)];
                        random.nextBytes(data);
                        if (!Arrays.equals(c.ping(data), data)) {
                            throw new IllegalStateException("/ping echoed other data");
                        }
                    } else if (pick < 80) {
                        byte[] document = ("soak " + random.nextLong()).getBytes(StandardCharsets.US_ASCII);
                        byte[] sig = c.sign(key.id(), document, SECRET);
                        if (!DeviceSignatures.verifyDocument(Algorithm.ES256, key.publicKey(), document, sig)) {
                            throw new IllegalStateException("ES256 signature does not verify");
                        }
                    } else if (pick < 85) {
                        c.info(); // its GET_INFO reply is long: about 1 s of the 9600-bps line
                    } else {
                        int n = c.withSecret(SECRET, seq -> seq.listKeys(Algorithm.ES256)).count();
                        if (n < 1) {
                            throw new IllegalStateException("/list_keys lost the key");
                        }
                    }
                    latencies.add(System.nanoTime() - t0);
                } catch (Exception e) {
                    errors.add("keep-alive", e);
                }
            }
        }
    }

    private void newConnections(DeviceProcess device) {
        every(Duration.ofSeconds(1), () -> {
            try (PqrstuvClient c = device.client()) {
                if (c.ping(new byte[] {7}).length != 1) {
                    throw new IllegalStateException("/ping echoed other data");
                }
            }
            churn.add();
        });
    }

    private void unusedSessions(DeviceProcess device) {
        try (PqrstuvClient c = device.client()) {
            every(Duration.ofSeconds(2), () -> {
                c.init();
                churn.add();
            });
        } catch (IOException e) {
            errors.add("unused-sessions", e);
        }
    }

    private void wrongTokens(DeviceProcess device, Key key) {
        try (PqrstuvClient c = device.client()) {
            every(WRONG_TOKEN_EVERY, () -> {
                try {
                    c.sign(key.id(), new byte[] {1}, WRONG_SECRET);
                    throw new IllegalStateException("a wrong secret was accepted");
                } catch (IncorrectSecretException expected) {
                    churn.add();
                }
            });
        } catch (IOException e) {
            errors.add("wrong-tokens", e);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private void every(Duration period, Step step) {
        long next = System.nanoTime();
        while (running.get()) {
            try {
                step.run();
            } catch (Exception e) {
                errors.add(Thread.currentThread().getName(), e);
            }
            next += period.toNanos();
            long sleep = next - System.nanoTime();
            while (running.get() && sleep > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(Math.min(sleep, 500_000_000L)));
                } catch (InterruptedException e) {
                    return;
                }
                sleep = next - System.nanoTime();
            }
        }
    }

    // ---- the report ----

    private String report(String started, List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nSoak %s: ./pqrstuv device --line-rate %s --vault %s; %d keep-alive clients + churn; %s%n%n",
                started, options.lineRate(), options.vault(), options.clients(), options.duration()));
        b.append("| ").append(HEADER.replace(" | ", " | ")).append(" |\n|");
        b.append("---|".repeat(HEADER.split("\\|").length)).append('\n');
        for (Row r : rows) {
            b.append("| ").append(r.line().replaceAll("\\s+\\|\\s+", " | ").strip()).append(" |\n");
        }
        if (rows.size() >= 4) {
            List<Row> body = rows.subList(1, rows.size());
            List<Row> secondHalf = body.subList(body.size() / 2, body.size());
            b.append(String.format(Locale.ROOT, "%nRSS: min %d, max %d MiB; slope over the second half %.1f MiB/hour. "
                            + "Threads: %d..%d. Open files: %d..%d. Operations: %d keep-alive, %d churn; errors %d.%n",
                    body.stream().mapToLong(Row::rssMib).min().orElse(0), body.stream().mapToLong(Row::rssMib).max().orElse(0),
                    slopePerHour(secondHalf), body.stream().mapToInt(Row::threads).min().orElse(0),
                    body.stream().mapToInt(Row::threads).max().orElse(0), body.stream().mapToInt(Row::files).min().orElse(0),
                    body.stream().mapToInt(Row::files).max().orElse(0), body.stream().mapToLong(Row::ops).sum(),
                    body.stream().mapToLong(Row::churnOps).sum(), body.stream().mapToLong(Row::errors).sum()));
        }
        b.append(errors.summary());
        return b.toString();
    }

    /** Least-squares slope of RSS against time, MiB per hour. */
    static double slopePerHour(List<Row> rows) {
        double n = rows.size();
        double mx = rows.stream().mapToDouble(Row::minute).sum() / n;
        double my = rows.stream().mapToDouble(Row::rssMib).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (Row r : rows) {
            sxy += (r.minute() - mx) * (r.rssMib() - my);
            sxx += (r.minute() - mx) * (r.minute() - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx * 60;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
