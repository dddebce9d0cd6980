package io.pqrstuv.benchmarks.operation;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Links;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import io.pqrstuv.testkit.tap.Direction;
import io.pqrstuv.testkit.tap.Fault;
import io.pqrstuv.testkit.tap.IcpTap;
import io.pqrstuv.testkit.tls.PinnedTrust;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 part 3, before and after in one run: the operation module of each build (its runnable
 * jar, started as its own process) against the real storage module of this build, the
 * {@link IcpTap} between them pacing the line at 9600 bps. Two measures per build:
 *
 * <ol>
 * <li>time to the 500 when one reply is dropped, per command (the tap drops the reply of the
 * measured ICP command; for authenticated calls the /init before it passes);</li>
 * <li>/init + /sign ES256 (the sequence every authenticated call needs) for a fixed time on a line
 * that corrupts 0.5 % of the bytes in each direction, same seeds on both builds.</li>
 * </ol>
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am verify -Dtest=LineFaultsBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dpqrstuv.bench=true -Dpqrstuv.bench.jars=before=/tmp/old/cli/target/pqrstuv.jar,after=cli/target/pqrstuv.jar \
 *     [-Dpqrstuv.bench.seconds=180]
 * </pre>
 *
 * Writes benchmarks/target/benchmarks-line-faults.md.
 */
class LineFaultsBenchmark {
    private static final double NOISE = 0.005;

    @Test
    @Timeout(value = 90, unit = TimeUnit.MINUTES) // the suite's default is 5 minutes; one run takes about 25
    void beforeAndAfter() throws Exception {
        assumeTrue(Boolean.getBoolean("pqrstuv.bench"), "benchmark: -Dpqrstuv.bench=true");
        String spec = System.getProperty("pqrstuv.bench.jars", "");
        assumeTrue(!spec.isEmpty(), "-Dpqrstuv.bench.jars=name=jar,name=jar");
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            jars.put(kv[0], Path.of(kv[1]).toAbsolutePath());
        }
        Duration noiseRun = Duration.ofSeconds(Long.getLong("pqrstuv.bench.seconds", 180));

        StringBuilder drops = new StringBuilder("| command (ECP call) |");
        StringBuilder sep = new StringBuilder("|---|");
        for (String name : jars.keySet()) {
            drops.append(' ').append(name).append(" s |");
            sep.append("---:|");
        }
        Map<String, Map<String, String>> dropRows = new LinkedHashMap<>();
        List<String> noiseRows = new ArrayList<>();
        String machine = uptime();
        String compute = null;
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            try (Rig rig = Rig.start(jar.getValue())) {
                log("%s: %s, up", jar.getKey(), jar.getValue());
                rig.prepare();
                if (compute == null) {
                    compute = rig.computeTimes() + "\nuptime after: " + uptime() + "\n";
                    log("%s", compute);
                }
                rig.tap.lineRate(LineRate.BAUD_9600);
                for (Map.Entry<String, Duration> d : rig.dropEach().entrySet()) {
                    dropRows.computeIfAbsent(d.getKey(), k -> new LinkedHashMap<>())
                            .put(jar.getKey(), String.format("%.1f", d.getValue().toMillis() / 1000.0));
                }
                noiseRows.add(jar.getKey() + " | " + rig.noisy(noiseRun) + " | " + uptime());
                log("%s: %s", jar.getKey(), noiseRows.getLast());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Machine load at start: ").append(machine).append("\n\n");
        out.append("Storage module compute, request's last byte to reply's last byte at the tap, unlimited line rate:\n\n")
                .append(compute).append('\n');
        out.append("Time to the 500 for one dropped reply at 9600 bps:\n\n").append(drops).append('\n').append(sep).append('\n');
        dropRows.forEach((cmd, byJar) -> {
            out.append("| ").append(cmd).append(" |");
            for (String name : jars.keySet()) {
                out.append(' ').append(byJar.getOrDefault(name, "–")).append(" |");
            }
            out.append('\n');
        });
        out.append("\n/init + /sign ES256, 1 client, ").append(noiseRun.toSeconds())
                .append(" s at 9600 bps, ").append(NOISE * 100).append(" % of bytes corrupted each way:\n\n")
                .append("| build | ops ok | ops failed | ok ops/s | p50 ms | p99 ms | max ms | bytes corrupted (to storage / to operation) | uptime after |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        noiseRows.forEach(r -> out.append("| ").append(r).append(" |\n"));
        System.out.println(out);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("benchmarks-line-faults.md"), out);
    }

    static void log(String format, Object... args) {
        System.out.printf("%s " + format + "%n", Stream.concat(Stream.of(Instant.now()), Stream.of(args)).toArray());
    }

    static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return s;
        } catch (Exception e) {
            return "uptime: " + e;
        }
    }

    /** The real storage module, the tap, and an operation module of one build as its own process. */
    static final class Rig implements AutoCloseable {
        final IcpTap tap;
        final StorageModule storage;
        final Process operation;
        final Path state;
        final EcpTestClient client;
        String es256;
        String slh;

        private Rig(IcpTap tap, StorageModule storage, Process operation, Path state, EcpTestClient client) {
            this.tap = tap;
            this.storage = storage;
            this.operation = operation;
            this.state = state;
            this.client = client;
        }

        static Rig start(Path jar) throws Exception {
            Path state = Files.createTempDirectory("line-faults");
            IcpTap tap = IcpTap.overSocatPtys();
            StorageModule storage = StorageModule.start(new StorageModule.Config(state.resolve("storage"), "memory",
                    new DrbgEntropySource(), new JcaDeviceCrypto(), InstantSource.system(), Algorithm.PROFILE),
                    Links.open("serial:" + tap.storageModuleDevice()));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path om = state.resolve("operation");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // As the ./pqrstuv launcher starts it: since issue 15 part 2 the module hardens itself by
            // default and refuses to run with the JVM's attach mechanism on (older builds ignore the flag).
            Process p = new ProcessBuilder(java, "-XX:+DisableAttachMechanism", "-jar", jar.toString(), "operation-module",
                    "--serial", tap.operationModuleDevice().toString(), "--listen", "127.0.0.1:" + port, "--state", om.toString())
                    .redirectErrorStream(true).redirectOutput(state.resolve("operation.log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("operation module exited: " + Files.readString(state.resolve("operation.log")));
                }
                if (Files.exists(om.resolve("tls/cert.pem")) && listening(port)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("operation module not up in 180 s");
                }
                Thread.sleep(100);
            }
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(om.resolve("tls/cert.pem"))));
            return new Rig(tap, storage, p, state, new EcpTestClient("https://127.0.0.1:" + port, new PinnedTrust(List.of(cert))));
        }

        private static boolean listening(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** Keys made at full line speed. */
        void prepare() throws Exception {
            es256 = keygen(Algorithm.ES256);
            slh = keygen(Algorithm.SLH_DSA_SHA2_128S);
            for (int i = 0; i < 20; i++) {
                keygen(Algorithm.ML_KEM_512);
            }
        }

        private String keygen(Algorithm a) throws Exception {
            Reply r = client.call("/keygen", a.coseId());
            if (r.code() != 0) {
                throw new IllegalStateException("/keygen " + a + ": " + r.body());
            }
            return r.result().asText();
        }

        /**
         * The storage module's compute time per command class: from the request's last byte to the
         * reply's last byte as the tap saw them, at the unlimited rate (the reply's transfer over the
         * pty is milliseconds even for 50 kB), over {@code reps} runs: median and maximum.
         */
        String computeTimes() throws Exception {
            StringBuilder t = new StringBuilder("| ICP command | runs | median ms | max ms |\n|---|---:|---:|---:|\n");
            String rsa = keygen(Algorithm.RS256);
            String mldsa = keygen(Algorithm.ML_DSA_87);
            String shake256s = keygen(Algorithm.SLH_DSA_SHAKE_256S);
            String sha256s = keygen(Algorithm.SLH_DSA_SHA2_256S);
            String shake256f = keygen(Algorithm.SLH_DSA_SHAKE_256F);
            String kem = keygen(Algorithm.ML_KEM_1024);
            t.append(compute("PING 16 B", 20, () -> client.postUnauthenticated("/ping",
                    JSON.getNodeFactory().textNode(Base64Url.encode(new byte[16])))));
            t.append(compute("INIT", 20, () -> client.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""))));
            t.append(compute("KEY_LST (~30 keys)", 20, () -> client.call("/list_keys", Algorithm.ML_KEM_512.coseId())));
            t.append(compute("GET_PUB ML-DSA-87", 20, () -> client.call("/get_public_key", mldsa)));
            t.append(compute("DECAPS ML-KEM-1024", 20, () -> client.call("/decapsulate",
                    JSON.createObjectNode().put("identifier", kem).put("ciphertext", Base64Url.encode(new byte[1568])))));
            t.append(compute("SIGN ES256", 20, () -> client.call("/sign", signData((es256)))));
            t.append(compute("SIGN RS256 (RSA-3072)", 20, () -> client.call("/sign", signData((rsa)))));
            t.append(compute("SIGN ML-DSA-87", 20, () -> client.call("/sign", signData((mldsa)))));
            t.append(compute("SIGN SLH-DSA-SHA2-256s", 5, () -> client.call("/sign", signData((sha256s)))));
            t.append(compute("SIGN SLH-DSA-SHAKE-256s", 5, () -> client.call("/sign", signData((shake256s)))));
            t.append(compute("SIGN SLH-DSA-SHAKE-256f", 5, () -> client.call("/sign", signData((shake256f)))));
            t.append(compute("KEYGEN ES256", 20, () -> client.call("/keygen", Algorithm.ES256.coseId())));
            t.append(compute("KEYGEN ML-DSA-87", 20, () -> client.call("/keygen", Algorithm.ML_DSA_87.coseId())));
            t.append(compute("KEYGEN SLH-DSA-SHAKE-256s", 5, () -> client.call("/keygen", Algorithm.SLH_DSA_SHAKE_256S.coseId())));
            t.append(compute("KEYGEN RS256 (RSA-3072)", 25, () -> client.call("/keygen", Algorithm.RS256.coseId())));
            return t.toString();
        }

        private String compute(String label, int reps, java.util.concurrent.Callable<Reply> call) throws Exception {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                quiesce();
                Reply r = call.call();
                if (r.status() != 200 || r.code() != 0) {
                    throw new IllegalStateException(label + ": " + r.status() + " " + r.body());
                }
                var req = tap.recording().requests().getLast();
                var rep = tap.recording().awaitResponses(tap.recording().requests().size(), Duration.ofSeconds(10)).getLast();
                micros.add((rep.atNanos() - req.atNanos()) / 1_000);
            }
            micros.sort(Comparator.naturalOrder());
            log("  %s: %s", label, micros);
            return String.format("| %s | %d | %.1f | %.1f |%n", label, reps, micros.get(reps / 2) / 1000.0, micros.getLast() / 1000.0);
        }

        interface Call {
            Reply run(Map<String, String> headers) throws Exception;
        }

        /** Drops the reply of the one ICP command behind each ECP call; the time from that call to its 500. */
        Map<String, Duration> dropEach() throws Exception {
            Map<String, Duration> out = new LinkedHashMap<>();
            out.put("PING (/ping, 16 B)", dropUnauthenticated(() ->
                    client.postUnauthenticated("/ping", JSON.getNodeFactory().textNode(Base64Url.encode(new byte[16])))));
            out.put("INIT (/init)", dropUnauthenticated(() ->
                    client.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""))));
            out.put("KEYGEN ES256 (/keygen)", dropAuthenticated(h -> client.send("POST", "/keygen", h,
                    EcpTestClient.body(JSON.getNodeFactory().numberNode(Algorithm.ES256.coseId())))));
            out.put("GET_PUB ES256 (/get_public_key)", dropAuthenticated(h -> client.send("POST", "/get_public_key", h,
                    EcpTestClient.body(JSON.getNodeFactory().textNode(es256)))));
            out.put("KEY_LST 20 keys (/list_keys)", dropAuthenticated(h -> client.send("POST", "/list_keys", h,
                    EcpTestClient.body(JSON.getNodeFactory().numberNode(Algorithm.ML_KEM_512.coseId())))));
            out.put("SIGN ES256 (/sign)", dropAuthenticated(h -> client.send("POST", "/sign", h, signBody(es256))));
            out.put("SIGN SLH-DSA-SHA2-128s (/sign)", dropAuthenticated(h -> client.send("POST", "/sign", h, signBody(slh))));
            return out;
        }

        private static String signBody(String id) {
            return EcpTestClient.body(signData(id));
        }

        private static com.fasterxml.jackson.databind.node.ObjectNode signData(String id) {
            return JSON.createObjectNode().put("identifier", id).put("document", Base64Url.encode(new byte[40]));
        }

        private Duration dropUnauthenticated(java.util.concurrent.Callable<Reply> call) throws Exception {
            quiesce();
            tap.dropNext(Direction.TO_OPERATION);
            long t0 = System.nanoTime();
            Reply r = call.call();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            check(r, took);
            return took;
        }

        private Duration dropAuthenticated(Call call) throws Exception {
            quiesce();
            Map<String, String> h = session();
            tap.dropNext(Direction.TO_OPERATION);
            long t0 = System.nanoTime();
            Reply r = call.run(h);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            check(r, took);
            return took;
        }

        private static void check(Reply r, Duration took) {
            if (r.status() != 500) {
                throw new IllegalStateException("expected a 500 for a dropped reply: " + r.status() + " " + r.body());
            }
            log("  dropped reply: 500 after %d ms", took.toMillis());
        }

        private Map<String, String> session() throws Exception {
            Reply init = client.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""));
            if (init.code() != 0) {
                throw new IllegalStateException("/init: " + init.body());
            }
            byte[] nonce = Base64Url.decode(init.result().get("nonce").asText()).orElseThrow();
            return EcpTestClient.headers(init.result().get("session").asText(),
                    Base64Url.encode(AuthToken.compute(new byte[0], nonce)));
        }

        /** Every request seen so far answered (or 150 s), then a clean recording. */
        private void quiesce() throws InterruptedException {
            tap.clearFaults();
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (tap.recording().responses().size() < tap.recording().requests().size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            tap.recording().clear();
        }

        /** /init + /sign ES256 in a loop on a noisy line: the row of the table. */
        String noisy(Duration run) throws Exception {
            quiesce();
            tap.noise(Direction.TO_STORAGE, NOISE, 15_3001);
            tap.noise(Direction.TO_OPERATION, NOISE, 15_3002);
            int ok = 0;
            int failed = 0;
            List<Long> millis = new ArrayList<>();
            long t0 = System.nanoTime();
            long end = t0 + run.toNanos();
            while (System.nanoTime() < end) {
                long s = System.nanoTime();
                boolean good;
                try {
                    Reply init = client.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""));
                    good = init.status() == 200 && init.code() == 0;
                    if (good) {
                        byte[] nonce = Base64Url.decode(init.result().get("nonce").asText()).orElseThrow();
                        Map<String, String> h = EcpTestClient.headers(init.result().get("session").asText(),
                                Base64Url.encode(AuthToken.compute(new byte[0], nonce)));
                        Reply sign = client.send("POST", "/sign", h, signBody(es256));
                        good = sign.status() == 200 && sign.code() == 0;
                    }
                } catch (IOException e) {
                    good = false;
                }
                if (good) {
                    ok++;
                    millis.add((System.nanoTime() - s) / 1_000_000);
                } else {
                    failed++;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long corruptedToStorage = tap.noisyBytes(Direction.TO_STORAGE);
            long corruptedToOperation = tap.noisyBytes(Direction.TO_OPERATION);
            tap.noise(Direction.TO_STORAGE, 0, 0);
            tap.noise(Direction.TO_OPERATION, 0, 0);
            millis.sort(Comparator.naturalOrder());
            return String.format("%d | %d | %.3f | %s | %s | %s | %d / %d", ok, failed, ok / seconds,
                    pct(millis, 50), pct(millis, 99), millis.isEmpty() ? "–" : millis.getLast(),
                    corruptedToStorage, corruptedToOperation);
        }

        private static String pct(List<Long> sorted, int p) {
            if (sorted.isEmpty()) {
                return "–";
            }
            return String.valueOf(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
        }

        @Override
        public void close() throws Exception {
            operation.destroy();
            operation.waitFor();
            storage.close();
            tap.close();
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
