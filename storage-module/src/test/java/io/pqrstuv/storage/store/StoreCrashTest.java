package io.pqrstuv.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.vault.DevVault;
import io.pqrstuv.storage.vault.Vault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety at the store level, where resets and secret changes are easy to drive (the ICP-level
 * test over a pty is {@link IcpCrashTest}): a child JVM ({@link CrashChild}) runs 300 mixed
 * KEYGEN/IMPORT/KEY_DEL (and a few secret changes and resets) on the dev-vault store (the TPM vault in
 * {@link TpmStoreCrashTest}) and is SIGKILLed at
 * random moments. After every kill the store must open, hold every acknowledged key intact
 * (signing as before), hold no acknowledged-deleted key, and at most the one in-flight key —
 * complete — besides; a reset in flight leaves either the old store or the new empty one.
 */
@Tag("slow")
class StoreCrashTest {
    private static final List<Algorithm> ALGS = List.of(Algorithm.ED25519, Algorithm.ES256, Algorithm.ML_DSA_44);
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path tmp;

    private final DeviceCrypto crypto = new JcaDeviceCrypto();
    private final SecureRandom secure = new SecureRandom();

    /** What the parent knows of an acknowledged key. */
    private record Known(Algorithm alg, byte[] publicCose, byte[] ed25519Signature) {
    }

    private final Map<String, Known> acked = new HashMap<>();
    private byte[] ackedSecret = new byte[0];
    private final List<byte[]> knownPrivates = new ArrayList<>();
    private final Map<String, Integer> inFlightAtKill = new java.util.TreeMap<>();
    private double meanOpNanos = TimeUnit.MILLISECONDS.toNanos(20);

    /** The root of trust, as {@code --vault} names it ({@link TpmStoreCrashTest}: the TPM). */
    String vault() {
        return "dev";
    }

    int operations() {
        return 300;
    }

    /** About this many SIGKILLs per run. */
    int targetKills() {
        return 20;
    }

    private Vault openVault(Path state) throws StorageException {
        if (vault().equals("dev")) {
            return DevVault.open(state.resolve(StorageFactory.DEV_VAULT_DIR), secure, new PrintStream(OutputStream.nullOutputStream()));
        }
        return StorageFactory.openVault(vault(), state, secure);
    }

    @Test
    void everyAcknowledgedOperationSurvivesSigkill() throws Exception {
        int operations = operations();
        Path state = tmp.resolve("state");
        long seed = System.nanoTime();
        long started = System.nanoTime();
        Random rnd = new Random(seed);
        int sent = 0;
        int kills = 0;
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try {
            while (sent < operations) {
                Process child = startChild(state);
                BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).as("child start (seed %d)", seed).isEqualTo("READY");
                PrintStream out = new PrintStream(child.getOutputStream(), true, StandardCharsets.US_ASCII);
                // The kill lands at a random moment inside or just after a randomly chosen
                // operation, so the number of kills does not depend on the machine's speed.
                int killAt = sent + 1 + rnd.nextInt(2 * operations / targetKills());
                Pending pending = null;
                while (sent < operations) {
                    pending = nextOperation(rnd);
                    long t0 = System.nanoTime();
                    out.println(pending.line);
                    sent++;
                    if (sent == killAt) {
                        killer.schedule(child.toHandle()::destroyForcibly, (long) (rnd.nextDouble() * 2 * meanOpNanos),
                                TimeUnit.NANOSECONDS);
                    }
                    String reply = in.readLine();
                    if (reply == null) {
                        break; // killed with the operation in flight
                    }
                    meanOpNanos = 0.9 * meanOpNanos + 0.1 * (System.nanoTime() - t0);
                    pending.acknowledge(reply);
                    pending = null;
                }
                child.toHandle().destroyForcibly(); // SIGKILL; Process.destroyForcibly would also close our pipes
                child.waitFor();
                kills++;
                inFlightAtKill.merge(pending == null ? "none" : pending.kind, 1, Integer::sum);
                verify(state, pending, seed);
            }
        } finally {
            killer.shutdownNow();
        }
        assertThat(kills).isGreaterThan(targetKills() / 3);
        collectStoredPrivates(state);
        scanForPlaintext(state);
        System.out.printf("crash test (" + vault() + "): %d operations, %d SIGKILLs (in flight: %s), %d keys at the end, %d s (seed %d)%n",
                sent, kills, inFlightAtKill, acked.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), seed);
    }

    private Process startChild(Path state) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), state.toString(), vault())
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
    }

    /** An operation sent to the child, and what its acknowledgement means. */
    private final class Pending {
        final String line;
        final String kind;
        final Algorithm alg;
        final byte[] privateCose;
        final byte[] publicCose;
        final String deleteId;
        final byte[] secret;

        Pending(String kind, Algorithm alg, byte[] privateCose, byte[] publicCose, String deleteId, byte[] secret) {
            this.kind = kind;
            this.alg = alg;
            this.privateCose = privateCose;
            this.publicCose = publicCose;
            this.deleteId = deleteId;
            this.secret = secret;
            this.line = switch (kind) {
                case "GEN" -> "GEN " + alg.name();
                case "IMP" -> "IMP " + alg.name() + " " + HEX.formatHex(privateCose);
                case "DEL" -> "DEL " + deleteId;
                case "CRST", "DRST" -> kind;
                default -> "SEC " + HEX.formatHex(secret);
            };
        }

        void acknowledge(String reply) {
            String[] f = reply.split(" ");
            assertThat(f[0]).as("reply to %s", kind).isIn("OK", "NONE");
            switch (kind) {
                case "GEN" -> acked.put(f[1], new Known(alg, HEX.parseHex(f[2]),
                        alg == Algorithm.ED25519 ? HEX.parseHex(f[3]) : null));
                case "IMP" -> acked.put(f[1], new Known(alg, publicCose,
                        alg == Algorithm.ED25519 ? signWith(alg, privateCose) : null));
                case "DEL" -> {
                    assertThat(f[0]).as("delete of an acknowledged key").isEqualTo("OK");
                    acked.remove(deleteId);
                }
                case "CRST" -> acked.clear();
                case "DRST" -> {
                    acked.clear();
                    ackedSecret = new byte[0];
                }
                default -> ackedSecret = secret;
            }
        }
    }

    private Pending nextOperation(Random rnd) {
        int r = rnd.nextInt(100);
        if (r < 4) {
            return new Pending(rnd.nextBoolean() ? "CRST" : "DRST", null, null, null, null, null);
        }
        Algorithm alg = ALGS.get(rnd.nextInt(ALGS.size()));
        if (r < 25 && !acked.isEmpty()) {
            List<String> ids = new ArrayList<>(acked.keySet());
            ids.sort(null);
            return new Pending("DEL", null, null, null, ids.get(rnd.nextInt(ids.size())), null);
        }
        if (r < 30) {
            byte[] secret = new byte[1 + rnd.nextInt(100)];
            secure.nextBytes(secret);
            return new Pending("SEC", null, null, null, null, secret);
        }
        if (r < 65) {
            try (PrivateKeyBlob key = crypto.generate(alg, secure)) {
                byte[] cose = key.cose().clone();
                knownPrivates.add(cose);
                return new Pending("IMP", alg, cose, crypto.publicCose(key), null, null);
            }
        }
        return new Pending("GEN", alg, null, null, null, null);
    }

    private byte[] signWith(Algorithm alg, byte[] privateCose) {
        try (PrivateKeyBlob key = new PrivateKeyBlob(alg, privateCose.clone())) {
            return crypto.sign(key, CrashChild.DIGEST, secure);
        }
    }

    /** Opens the store after a kill and checks it against what was acknowledged. */
    private void verify(Path state, Pending inFlight, long seed) throws Exception {
        try (EncryptedFileStorage store = EncryptedFileStorage.open(state, openVault(state))) {
            List<String> present = new ArrayList<>();
            for (Algorithm a : ALGS) {
                for (byte[] id : store.listIds(a)) {
                    present.add(HEX.formatHex(id));
                }
            }
            boolean resetInFlight = inFlight != null && inFlight.kind.endsWith("RST");
            if (resetInFlight && present.isEmpty() && !acked.isEmpty()) {
                // The reset committed before the kill: the new, empty store.
                acked.clear();
                if (inFlight.kind.equals("DRST")) {
                    assertThat(store.secret()).as("secret after an interrupted DEV_RST that committed").isEmpty();
                    ackedSecret = new byte[0];
                }
            }
            List<String> unknown = new ArrayList<>(present);
            unknown.removeAll(acked.keySet());
            boolean newKeyInFlight = inFlight != null && (inFlight.kind.equals("GEN") || inFlight.kind.equals("IMP"));
            assertThat(unknown).as("unacknowledged keys after a kill (seed %d)", seed).hasSizeLessThanOrEqualTo(newKeyInFlight ? 1 : 0);
            for (String id : List.copyOf(acked.keySet())) {
                boolean maybeDeleted = inFlight != null && inFlight.kind.equals("DEL") && inFlight.deleteId.equals(id);
                if (!present.contains(id)) {
                    assertThat(maybeDeleted).as("acknowledged key %s lost (seed %d)", id, seed).isTrue();
                    acked.remove(id);
                    continue;
                }
                checkKey(store, id, acked.get(id));
            }
            for (String id : unknown) {
                // The in-flight key made it: it must be complete, and (import) the very key sent.
                SecureStorage.StoredKey k = store.getKey(HEX.parseHex(id)).orElseThrow();
                try (PrivateKeyBlob blob = new PrivateKeyBlob(k.algorithm(), k.cosePrivate())) {
                    assertThat(k.algorithm()).isEqualTo(inFlight.alg);
                    byte[] pub = crypto.publicCose(blob);
                    if (inFlight.kind.equals("IMP")) {
                        assertThat(pub).isEqualTo(inFlight.publicCose);
                    }
                    byte[] sig = blob.algorithm() == Algorithm.ED25519 ? crypto.sign(blob, CrashChild.DIGEST, secure) : null;
                    acked.put(id, new Known(k.algorithm(), pub, sig));
                }
            }
            byte[] secret = store.secret();
            boolean secretInFlight = inFlight != null && inFlight.kind.equals("SEC");
            boolean devResetMayHaveCommitted = inFlight != null && inFlight.kind.equals("DRST") && present.isEmpty();
            if (!Arrays.equals(secret, ackedSecret)) {
                assertThat(secretInFlight || devResetMayHaveCommitted)
                        .as("secret changed without acknowledgement (seed %d)", seed).isTrue();
                assertThat(secret).isEqualTo(secretInFlight ? inFlight.secret : new byte[0]);
                ackedSecret = secret;
            }
        }
    }

    private void checkKey(EncryptedFileStorage store, String id, Known known) throws StorageException {
        SecureStorage.StoredKey k = store.getKey(HEX.parseHex(id)).orElseThrow();
        try (PrivateKeyBlob blob = new PrivateKeyBlob(k.algorithm(), k.cosePrivate())) {
            assertThat(k.algorithm()).isEqualTo(known.alg());
            assertThat(crypto.publicCose(blob)).as("public key of %s", id).isEqualTo(known.publicCose());
            byte[] sig = crypto.sign(blob, CrashChild.DIGEST, secure);
            if (known.ed25519Signature() != null) {
                assertThat(sig).as("Ed25519 signature of %s", id).isEqualTo(known.ed25519Signature());
            }
        }
    }

    /** The private keys (seeds included) the child generated, to scan the disk for them. */
    private void collectStoredPrivates(Path state) throws Exception {
        try (EncryptedFileStorage store = EncryptedFileStorage.open(state, openVault(state))) {
            for (String id : acked.keySet()) {
                knownPrivates.add(store.getKey(HEX.parseHex(id)).orElseThrow().cosePrivate());
            }
        }
    }

    private void scanForPlaintext(Path state) throws IOException {
        try (Stream<Path> files = Files.walk(state)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(p);
                for (byte[] cose : knownPrivates) {
                    int mid = cose.length / 2;
                    assertThat(StorageContractTest.indexOf(content, Arrays.copyOfRange(cose, mid - 8, mid + 8)))
                            .as("plaintext private key in %s", p).isEqualTo(-1);
                    assertThat(StorageContractTest.indexOf(content, Arrays.copyOfRange(cose, cose.length - 16, cose.length)))
                            .as("plaintext private key in %s", p).isEqualTo(-1);
                }
                assertThat(StorageContractTest.indexOf(content, ackedSecret.length >= 8 ? Arrays.copyOf(ackedSecret, 8) : new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}))
                        .isEqualTo(-1);
            }
        }
    }
}
