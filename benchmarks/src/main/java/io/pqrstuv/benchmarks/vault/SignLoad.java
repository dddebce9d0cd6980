package io.pqrstuv.benchmarks.vault;

import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The load a user puts on a device: each client is a keep-alive HTTPS connection doing /init then
 * /sign (the SDK's one-shot {@code sign}), and every signature is verified with the key's public
 * key before it counts.
 */
final class SignLoad {
    /** The factory secret (D-8): the benchmark never changes it. */
    private static final byte[] SECRET = new byte[0];
    private static final byte[] DOCUMENT = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SignLoad() {
    }

    /** A device key and its public key. */
    record Key(Algorithm algorithm, KeyId id, PublicKey publicKey) {
    }

    /** What a run measured: operations, wall time, per-operation latencies. */
    record Result(int ops, double seconds, long[] nanos) {
        double opsPerSecond() {
            return ops / seconds;
        }

        double meanSeconds() {
            return Arrays.stream(nanos).average().orElse(Double.NaN) / 1e9;
        }

        double medianMillis() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? Double.NaN : sorted[(sorted.length - 1) / 2] / 1e6;
        }
    }

    static Key keygen(PqrstuvClient client, Algorithm alg) throws Exception {
        return client.withSecret(SECRET, seq -> {
            KeyId id = seq.keygen(alg);
            return new Key(alg, id, DeviceKeys.publicKey(seq.publicKey(id)));
        });
    }

    /** {@code n} /keygen calls (each with its /init) on one client, one after the other. */
    static Result keygens(DeviceProcess device, Algorithm alg, int n) throws Exception {
        try (PqrstuvClient c = device.client()) {
            c.withSecret(SECRET, seq -> seq.keygen(alg)); // connection and TLS session set up
            long[] nanos = new long[n];
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                c.withSecret(SECRET, seq -> seq.keygen(alg));
                nanos[i] = System.nanoTime() - t0;
            }
            return new Result(n, (System.nanoTime() - start) / 1e9, nanos);
        }
    }

    /** {@code n} signatures on one client, one after the other (line-rate runs). */
    static Result signCount(DeviceProcess device, Key key, int n) throws Exception {
        try (PqrstuvClient c = device.client()) {
            signOnce(c, key); // connection and TLS session set up
            long[] nanos = new long[n];
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                signOnce(c, key);
                nanos[i] = System.nanoTime() - t0;
            }
            return new Result(n, (System.nanoTime() - start) / 1e9, nanos);
        }
    }

    /** {@code clients} concurrent clients signing for {@code run}; in-flight operations finish. */
    static Result signFor(DeviceProcess device, Key key, int clients, Duration run) throws Exception {
        List<PqrstuvClient> cs = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                PqrstuvClient c = device.client();
                cs.add(c);
                signOnce(c, key);
            }
            List<long[]> perClient = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + run.toNanos();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<long[]>> fs = new ArrayList<>();
                for (PqrstuvClient c : cs) {
                    fs.add(pool.submit(() -> {
                        long[] lat = new long[1024];
                        int n = 0;
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            signOnce(c, key);
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = System.nanoTime() - t0;
                        }
                        return Arrays.copyOf(lat, n);
                    }));
                }
                for (Future<long[]> f : fs) {
                    perClient.add(f.get());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
            return new Result(all.length, seconds, all);
        } finally {
            cs.forEach(PqrstuvClient::close);
        }
    }

    private static void signOnce(PqrstuvClient c, Key key) throws Exception {
        byte[] sig = c.sign(key.id(), DOCUMENT, SECRET);
        if (!DeviceSignatures.verifyDocument(key.algorithm(), key.publicKey(), DOCUMENT, sig)) {
            throw new IllegalStateException(key.algorithm().displayName() + " signature from the device does not verify");
        }
    }
}
