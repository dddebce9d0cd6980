package io.pqrstuv.cli.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.cose.CoseCodec;
import io.pqrstuv.crypto.cose.CoseLabels;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.SerialPortLink;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import io.pqrstuv.testkit.memory.HeapDump;
import io.pqrstuv.testkit.memory.Needle;
import io.pqrstuv.testkit.memory.ProcessMemory;
import io.pqrstuv.testkit.memory.SecretForms;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 part 2, the outside probe repeated as a test: a storage module in its own process (dev
 * vault, development mode so that {@code jcmd} may attach), a known secret set through
 * SEC_SET_INIT/SEC_SET_CONF, a P-256 and an Ed25519 key imported, 20 signatures with each, then a
 * heap dump that includes garbage ({@code jcmd PID GC.heap_dump -all}) and a read of the process's
 * writable memory, both scanned for the secret and the private keys in every form
 * ({@link SecretForms}). The counts are printed (docs/security.md records them); the test fails if the
 * secret sits in any SHA-256 state object again, or if a copy the code owns comes back.
 */
@Tag("slow")
class MemoryProbeTest {
    static final int SIGNATURES = 20;
    static final String SECRET = "secret";
    static final String P256 = "P-256 d";
    static final String ED_SEED = "Ed25519 seed";
    static final String ED_SCALAR = "Ed25519 scalar";
    static final String ED_PREFIX = "Ed25519 prefix";

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final DeviceCrypto crypto = new JcaDeviceCrypto();

    /** What one probe run found. */
    record Findings(HeapDump.Result heap, ProcessMemory.Result memory, String report) {
    }

    @Test
    void noSecretInDigestStateAndNoCopyTheCodeOwns() throws Exception {
        Assumptions.assumeTrue(SocatPtyPair.available(), "needs socat");
        Findings f = probe(dir);
        System.out.println(f.report());
        List<HeapDump.Hit> inDigests = f.heap().of(SECRET).stream()
                .filter(h -> h.ownedBy("sun.security.provider.SHA") || h.ownedBy("sun.security.provider.DigestBase")
                        || h.ownedBy("org.bouncycastle.crypto.digests."))
                .toList();
        assertThat(inDigests).as("the secret in SHA-256 state objects:%n%s", f.report()).isEmpty();
        // Before issue 15: 65 copies of the secret (all in SHA-2 state), 244 of the data keys, 81 of the
        // Ed25519 seed, 80 of the P-256 scalar. What is left is the JDK's and BC's, per docs/security.md.
        assertThat(f.heap().of(SECRET)).as("the secret anywhere in the heap dump:%n%s", f.report()).isEmpty();
        assertThat(f.memory().total(SECRET)).as("the secret anywhere in process memory:%n%s", f.report()).isZero();
        assertThat(f.heap().hits()).as("data keys in the heap dump:%n%s", f.report())
                .noneMatch(h -> h.needle().value().startsWith("data key"));
        assertThat(f.heap().of(ED_SEED)).as("Ed25519 seed copies:%n%s", f.report()).hasSizeLessThanOrEqualTo(2);
        assertThat(f.heap().of(P256)).as("P-256 scalar: the JDK key's DER, little-endian copy and BigInteger per"
                + " signature:%n%s", f.report()).hasSizeLessThanOrEqualTo(3 * SIGNATURES + 3);
        assertThat(f.heap().of(ED_SCALAR).size() + f.heap().of(ED_PREFIX).size())
                .as("Ed25519 working values inside BC:%n%s", f.report()).isLessThanOrEqualTo(3 * SIGNATURES + 3);
    }

    static byte[] privateScalar(PrivateKeyBlob key) throws Exception {
        try (CoseMap m = CoseCodec.decode(key.cose())) {
            return m.requireBytes(CoseLabels.D).clone();
        }
    }

    /** The probe: returns the heap-dump and memory findings, and a printable report. */
    Findings probe(Path work) throws Exception {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Path state = work.resolve("state");
        List<Needle> needles = new ArrayList<>(SecretForms.of(SECRET, secret));
        try (SocatPtyPair pty = SocatPtyPair.start(); Link link = SerialPortLink.open(pty.b());
                PrivateKeyBlob p256 = crypto.generate(Algorithm.ES256, random);
                PrivateKeyBlob ed = crypto.generate(Algorithm.ED25519, random);
                ModuleChild child = ModuleChild.start(pty.a(), state, work.resolve("module.err"), "dev", developmentMode())) {
            assertThat(child.serving()).as("module start: %s", child.stderr()).isTrue();
            byte[] d = privateScalar(p256);
            byte[] seed = privateScalar(ed);
            needles.addAll(SecretForms.of(P256, d));
            needles.addAll(SecretForms.of(ED_SEED, seed));
            byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
            byte[] s = Arrays.copyOf(h, 32); // RFC 8032 §5.1.5: the pruned scalar, little-endian
            s[0] &= (byte) 0xF8;
            s[31] &= 0x7F;
            s[31] |= 0x40;
            needles.addAll(SecretForms.of(ED_SCALAR, s));
            needles.addAll(SecretForms.of(ED_PREFIX, Arrays.copyOfRange(h, 32, 64)));
            for (Path k : devVaultKeys(state)) {
                needles.addAll(SecretForms.of("data key " + k.getFileName(), Files.readAllBytes(k)));
            }

            ProbeClient client = new ProbeClient(link);
            setSecret(client, secret);
            byte[] p256Id = client.authenticated(secret, Command.IMPORT, p256.cose().clone());
            byte[] edId = client.authenticated(secret, Command.IMPORT, ed.cose().clone());
            signAndVerify(client, secret, Algorithm.ES256, p256Id, crypto.publicCose(p256));
            signAndVerify(client, secret, Algorithm.ED25519, edId, crypto.publicCose(ed));

            Path dump = work.resolve("module.hprof");
            heapDump(child.pid(), dump);
            HeapDump.Result heap = HeapDump.scan(dump, needles);
            ProcessMemory.Result memory = ProcessMemory.scan(child.pid(), needles);
            String report = "Memory probe of the storage module (pid " + child.pid() + ", " + SIGNATURES
                    + " signatures each with P-256 and Ed25519):\n"
                    + "heap dump with garbage (" + dump.toFile().length() / (1 << 20) + " MiB): " + heap.hits().size()
                    + " hits in arrays, " + heap.fileMatches() + " anywhere in the file\n" + heap.table()
                    + "process memory (" + memory.bytesRead() / (1 << 20) + " MiB of rw mappings): "
                    + memory.counts().values().stream().mapToInt(Integer::intValue).sum() + "\n" + memory.table();
            Files.deleteIfExists(dump);
            return new Findings(heap, memory, report);
        }
    }

    /** The development mode, in which jcmd may attach and /proc/PID/mem may be read. */
    static String[] developmentMode() {
        return new String[] {"--no-harden"};
    }

    private static List<Path> devVaultKeys(Path state) throws Exception {
        Path vault = state.resolve("dev-vault");
        if (!Files.isDirectory(vault)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(vault)) {
            return s.filter(p -> p.toString().endsWith(".key")).sorted().toList();
        }
    }

    private void setSecret(ProbeClient client, byte[] secret) throws Exception {
        Algorithm kem = Algorithm.ML_KEM_768;
        byte[] pubCose = client.authenticated(new byte[0], Command.SEC_SET_INIT, AlgId.encode(kem.coseId()));
        PublicKey pk = IndependentCrypto.publicKeyFromCose(kem, pubCose);
        IndependentCrypto.WrappedSecret w = IndependentCrypto.wrapSecret(kem, pk, secret);
        byte[] op = new byte[w.encryptedSecret().length + w.symmetricKey().length];
        System.arraycopy(w.encryptedSecret(), 0, op, 0, w.encryptedSecret().length);
        System.arraycopy(w.symmetricKey(), 0, op, w.encryptedSecret().length, w.symmetricKey().length);
        client.authenticated(new byte[0], Command.SEC_SET_CONF, op);
    }

    private void signAndVerify(ProbeClient client, byte[] secret, Algorithm alg, byte[] id, byte[] publicCose) throws Exception {
        PublicKey pub = IndependentCrypto.publicKeyFromCose(alg, publicCose);
        for (int i = 0; i < SIGNATURES; i++) {
            byte[] doc = ("document " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] op = new byte[48];
            System.arraycopy(id, 0, op, 0, 16);
            System.arraycopy(IndependentCrypto.sha3(doc), 0, op, 16, 32);
            byte[] sig = client.authenticated(secret, Command.SIGN, op);
            assertThat(IndependentCrypto.verify(alg, pub, doc, sig)).as("%s signature %d", alg, i).isTrue();
        }
    }

    static void heapDump(long pid, Path file) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.heap_dump", "-all", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(120, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
        assertThat(jcmd.exitValue()).as("jcmd: %s", out).isZero();
        assertThat(file).as("jcmd: %s", out).exists();
    }
}
