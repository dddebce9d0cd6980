package io.pqrstuv.benchmarks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.storage.command.CommandProcessor;
import io.pqrstuv.storage.info.InfoMap;
import io.pqrstuv.storage.store.InMemoryStorage;
import java.util.Arrays;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.clock.ScaledClock;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import io.pqrstuv.storage.testing.IcpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * End-to-end throughput of the storage module over an in-memory link, against the raw cost of the
 * same crypto call in the same JVM, and time per INIT+SIGN at 9600 bps against the §4 wire time.
 * Run with {@code -Dpqrstuv.bench=true}; results go to benchmarks/target/benchmarks-storage.txt.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "pqrstuv.bench", matches = "true")
class StorageModuleBenchmark {
    private static final List<Algorithm> SIGNERS =
            List.of(Algorithm.ES256, Algorithm.ED25519, Algorithm.ML_DSA_65, Algorithm.SLH_DSA_SHA2_128F);
    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final long MEASURE_NANOS = 8_000_000_000L;
    private static final byte[] NONE = new byte[0];

    private final List<String> out = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    /** Runs {@code op} for a warm-up then a measured period; returns seconds per operation (mean). */
    private static double secondsPerOp(Runnable op, int minOps) {
        long end = System.nanoTime() + WARMUP_NANOS;
        int n = 0;
        while (System.nanoTime() < end || n < 2) {
            op.run();
            n++;
        }
        long start = System.nanoTime();
        end = start + MEASURE_NANOS;
        n = 0;
        while (System.nanoTime() < end || n < minOps) {
            op.run();
            n++;
        }
        return (System.nanoTime() - start) / 1e9 / n;
    }

    private record Running(StorageModule module, IcpClient client, Path state) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            client.close();
            module.close();
        }
    }

    private static Running start(LineRate rate) throws Exception {
        PipeLink.Pair pipe = PipeLink.pair();
        Link moduleEnd = RateLimitedLink.wrap(pipe.a(), rate);
        Path state = Files.createTempDirectory("pqrstuv-bench-");
        StorageModule m = StorageModule.start(new StorageModule.Config(state, "memory", new DrbgEntropySource(),
                new JcaDeviceCrypto(), new ScaledClock(1), Algorithm.PROFILE), moduleEnd);
        return new Running(m, new IcpClient(pipe.b()), state);
    }

    private static byte[] keygen(IcpClient c, Algorithm alg) {
        ResponsePayload r = c.authenticated(NONE, Command.KEYGEN, AlgId.encode(alg.coseId()));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return r.data();
    }

    private void initSign(IcpClient c, byte[] id) {
        byte[] op = new byte[48];
        System.arraycopy(id, 0, op, 0, 16);
        random.nextBytes(op); // a fresh digest each time
        System.arraycopy(id, 0, op, 0, 16);
        ResponsePayload r = c.authenticated(NONE, Command.SIGN, op);
        if (r.code() != ResponseCode.SUCCESS) {
            throw new AssertionError("SIGN failed: " + r);
        }
    }

    /** INIT then {@code command} straight into a processor, no link or threads in between. */
    private static ResponsePayload directCall(CommandProcessor p, Command command, byte[] opData) {
        ResponsePayload init = p.process(RequestPayload.unauthenticated(Command.INIT, NONE).encode());
        int session = Sessions.fromBytes(init.data(), 0);
        byte[] token = AuthToken.compute(NONE, Arrays.copyOfRange(init.data(), 4, 20));
        return p.process(new RequestPayload(session, token, command, opData).encode());
    }

    /** §4: request and response frames of INIT and SIGN, 10 bit-times per byte at 9600 bps. */
    static double wireSeconds(Algorithm alg) {
        int initRound = (21 + Frames.OVERHEAD) + (6 + 20 + Frames.OVERHEAD);
        int signRound = (21 + 16 + 32 + Frames.OVERHEAD) + (6 + alg.outputLength() + Frames.OVERHEAD);
        return (initRound + signRound) / 960.0;
    }

    @Test
    void run() throws Exception {
        out.add("date " + Instant.now() + ", JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, load " + Files.readString(Path.of("/proc/loadavg")).strip());
        DeviceCrypto raw = new JcaDeviceCrypto();
        out.add("");
        out.add("| Operation | end-to-end ms/op | ops/s | processor only ms/op | raw crypto ms/op | raw ops/s | e2e / raw |");
        out.add("|---|---:|---:|---:|---:|---:|---:|");
        CommandProcessor direct = new CommandProcessor(new JcaDeviceCrypto(), new InMemoryStorage(), new DrbgEntropySource(),
                new ScaledClock(1), new InfoMap("00000000-0000-4000-8000-000000000000", Algorithm.PROFILE));
        try (Running r = start(LineRate.UNLIMITED)) {
            double init = secondsPerOp(() -> r.client().init(), 20);
            double initDirect = secondsPerOp(() -> direct.process(RequestPayload.unauthenticated(Command.INIT, NONE).encode()), 20);
            out.add(String.format(Locale.ROOT, "| INIT | %.3f | %.0f | %.3f | — | — | — |", init * 1e3, 1 / init, initDirect * 1e3));
            for (Algorithm alg : SIGNERS) {
                byte[] id = keygen(r.client(), alg);
                double e2e = secondsPerOp(() -> initSign(r.client(), id), 5);
                byte[] directId = directCall(direct, Command.KEYGEN, AlgId.encode(alg.coseId())).data();
                double inProcess = secondsPerOp(() -> {
                    byte[] op = new byte[48];
                    random.nextBytes(op);
                    System.arraycopy(directId, 0, op, 0, 16);
                    if (directCall(direct, Command.SIGN, op).code() != ResponseCode.SUCCESS) {
                        throw new AssertionError("SIGN failed");
                    }
                }, 5);
                PrivateKeyBlob blob = raw.generate(alg, random);
                byte[] digest = new byte[32];
                double rawSign = secondsPerOp(() -> {
                    random.nextBytes(digest);
                    raw.sign(blob, digest, random);
                }, 5);
                blob.destroy();
                out.add(String.format(Locale.ROOT, "| INIT+SIGN %s | %.3f | %.1f | %.3f | %.3f | %.1f | %.2f |",
                        alg.displayName(), e2e * 1e3, 1 / e2e, inProcess * 1e3, rawSign * 1e3, 1 / rawSign, e2e / rawSign));
            }
        }
        out.add("");
        out.add("| INIT+SIGN at 9600 bps | runs | measured s (mean) | min s | max s | §4 wire time s | mean / wire |");
        out.add("|---|---:|---:|---:|---:|---:|---:|");
        try (Running r = start(LineRate.BAUD_9600)) {
            for (Algorithm alg : SIGNERS) {
                byte[] id = keygen(r.client(), alg);
                int runs = alg.outputLength() > 10_000 ? 3 : 6;
                initSign(r.client(), id); // warm-up
                double sum = 0;
                double min = Double.MAX_VALUE;
                double max = 0;
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    initSign(r.client(), id);
                    double s = (System.nanoTime() - t0) / 1e9;
                    sum += s;
                    min = Math.min(min, s);
                    max = Math.max(max, s);
                }
                double mean = sum / runs;
                double wire = wireSeconds(alg);
                out.add(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.4f | %.4f |",
                        alg.displayName(), runs, mean, min, max, wire, mean / wire));
            }
        }
        Files.write(Path.of("target", "benchmarks-storage.txt"), out);
    }
}
