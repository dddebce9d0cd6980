package io.pqrstuv.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayloadException;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.SerialPortLink;
import io.pqrstuv.storage.testing.IcpClient;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
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
 * Crash safety end to end: a child storage module ({@link IcpCrashChild}, dev vault; the TPM vault
 * in {@link TpmIcpCrashTest}) driven over a socat pty with 500 mixed KEYGEN/IMPORT/KEY_DEL
 * commands is SIGKILLed at random moments. After
 * every restart KEY_LST holds every acknowledged key and no unacknowledged one but the command in
 * flight, and the keys sign correctly (verified with independent code): the ones touched since the
 * last restart and a random sample of the others each time, all of them at the end.
 */
@Tag("slow")
class IcpCrashTest {
    private static final byte[] SECRET = new byte[0];
    private static final List<Algorithm> ALGS = List.of(Algorithm.ED25519, Algorithm.ES256, Algorithm.ML_DSA_44);
    private static final Duration REPLY = Duration.ofSeconds(20);
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path tmp;

    private final SecureRandom secure = new SecureRandom();
    private final DeviceCrypto crypto = new JcaDeviceCrypto();
    /** Acknowledged keys: id hex → algorithm and public COSE_Key (null until fetched). */
    private final Map<String, Algorithm> acked = new HashMap<>();
    private final Map<String, byte[]> publicKeys = new HashMap<>();
    private final List<String> toCheck = new ArrayList<>();
    private final List<byte[]> privates = new ArrayList<>();
    /** What happened to each id, for the failure message. */
    private final Map<String, String> history = new HashMap<>();
    private double meanOpNanos = TimeUnit.MILLISECONDS.toNanos(50);

    /** The child's {@code --vault}. */
    String vault() {
        return "dev";
    }

    int operations() {
        return 500;
    }

    int targetKills() {
        return 20;
    }

    /** The command whose reply the kill cut off. */
    private record InFlight(Command command, Algorithm alg, byte[] publicCose, String deleteId) {
    }

    @Test
    void everyAcknowledgedCommandSurvivesSigkill() throws Exception {
        Path state = tmp.resolve("state");
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        long started = System.nanoTime();
        int sent = 0;
        int kills = 0;
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try (SocatPtyPair pty = SocatPtyPair.start(); Link link = SerialPortLink.open(pty.b())) {
            IcpClient client = new IcpClient(link).timeout(REPLY);
            InFlight inFlight = null;
            boolean first = true;
            int operations = operations();
            while (sent < operations) {
                Process child = startChild(state, pty.a());
                resync(client);
                if (!first) {
                    verify(client, inFlight, rnd, seed, false);
                }
                first = false;
                inFlight = null;
                // The kill lands at a random moment inside or just after a randomly chosen command.
                int killAt = sent + 1 + rnd.nextInt(2 * operations / targetKills());
                while (sent < operations && child.isAlive()) {
                    Op op = nextOperation(rnd);
                    long t0 = System.nanoTime();
                    client.send(RequestPayload.unauthenticated(Command.INIT, new byte[0]));
                    ResponsePayload init = awaitReply(client, child);
                    if (init == null) {
                        break; // killed before the command was sent
                    }
                    IcpClient.Session session = new IcpClient.Session(Sessions.fromBytes(init.data(), 0),
                            Arrays.copyOfRange(init.data(), 4, 20));
                    client.send(session.request(SECRET, op.command, op.opData));
                    sent++;
                    if (sent == killAt) {
                        killer.schedule(child.toHandle()::destroyForcibly, (long) (rnd.nextDouble() * 2 * meanOpNanos),
                                TimeUnit.NANOSECONDS);
                    }
                    ResponsePayload reply = awaitReply(client, child);
                    if (reply == null) {
                        inFlight = new InFlight(op.command, op.alg, op.publicCose, op.deleteId);
                        break;
                    }
                    meanOpNanos = 0.9 * meanOpNanos + 0.1 * (System.nanoTime() - t0);
                    acknowledge(op, reply);
                }
                child.toHandle().destroyForcibly();
                child.waitFor();
                kills++;
                while (client.awaitPayload(Duration.ofMillis(300)) != null) {
                    // a reply the dying module still wrote belongs to no pending request any more
                }
            }
            Process last = startChild(state, pty.a());
            try {
                resync(client);
                verify(client, inFlight, rnd, seed, true);
            } finally {
                last.toHandle().destroyForcibly();
                last.waitFor();
            }
        } finally {
            killer.shutdownNow();
        }
        assertThat(kills).isGreaterThan(targetKills() / 3);
        scanForPlaintext(state);
        System.out.printf("ICP crash test (" + vault() + "): %d commands, %d SIGKILLs, %d keys at the end, %d s (seed %d)%n",
                sent, kills, acked.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), seed);
    }

    private Process startChild(Path state, Path tty) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), IcpCrashChild.class.getName(), state.toString(), tty.toString(), vault())
                .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("child.err").toFile()))
                .start();
        String ready = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        assertThat(ready).as("child start, see %s", tmp.resolve("child.err")).isEqualTo("READY");
        return p;
    }

    /**
     * Request bytes the killed module never read wait in the tty for its successor, which answers
     * them: resynchronise with a PING echo (resent after the 2 s gap timeout if a stale partial
     * frame swallowed it) and drop every reply before it.
     */
    private void resync(IcpClient client) throws ResponsePayloadException {
        byte[] nonce = new byte[8];
        secure.nextBytes(nonce);
        for (int attempt = 0; attempt < 10; attempt++) {
            client.send(RequestPayload.unauthenticated(Command.PING, nonce));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            while (System.nanoTime() < deadline) {
                byte[] p = client.awaitPayload(Duration.ofMillis(100));
                if (p != null) {
                    ResponsePayload r = ResponsePayload.decode(p);
                    if (r.command() == Command.PING.code() && Arrays.equals(r.data(), nonce)) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("no PING echo from the restarted module");
    }

    /** The reply, or null if the module died first. */
    private static ResponsePayload awaitReply(IcpClient client, Process child) throws ResponsePayloadException {
        long deadline = System.nanoTime() + REPLY.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] p = client.awaitPayload(Duration.ofMillis(100));
            if (p != null) {
                return ResponsePayload.decode(p);
            }
            if (!child.isAlive()) {
                return null;
            }
        }
        throw new AssertionError("a live module did not reply within " + REPLY);
    }

    private record Op(Command command, byte[] opData, Algorithm alg, byte[] publicCose, String deleteId) {
    }

    private Op nextOperation(Random rnd) {
        Algorithm alg = ALGS.get(rnd.nextInt(ALGS.size()));
        int r = rnd.nextInt(100);
        if (r < 25 && !acked.isEmpty()) {
            List<String> ids = new ArrayList<>(acked.keySet());
            ids.sort(null);
            String id = ids.get(rnd.nextInt(ids.size()));
            return new Op(Command.KEY_DEL, HEX.parseHex(id), null, null, id);
        }
        if (r < 60) {
            try (PrivateKeyBlob key = crypto.generate(alg, secure)) {
                privates.add(key.cose().clone());
                return new Op(Command.IMPORT, key.cose().clone(), alg, crypto.publicCose(key), null);
            }
        }
        return new Op(Command.KEYGEN, AlgId.encode(alg.coseId()), alg, null, null);
    }

    private void acknowledge(Op op, ResponsePayload reply) {
        assertThat(reply.command()).as("reply echoes the command").isEqualTo(op.command.code());
        assertThat(reply.code()).as("%s", op.command).isEqualTo(ResponseCode.SUCCESS);
        switch (op.command) {
            case KEY_DEL -> {
                history.merge(op.deleteId, " DEL-acked", String::concat);
                acked.remove(op.deleteId);
                publicKeys.remove(op.deleteId);
                toCheck.remove(op.deleteId);
            }
            default -> {
                String id = HEX.formatHex(reply.data());
                history.merge(id, " " + op.command + "-acked", String::concat);
                acked.put(id, op.alg);
                if (op.publicCose != null) {
                    publicKeys.put(id, op.publicCose);
                }
                toCheck.add(id);
            }
        }
    }

    private void verify(IcpClient client, InFlight inFlight, Random rnd, long seed, boolean all) throws Exception {
        List<String> present = new ArrayList<>();
        for (Algorithm a : ALGS) {
            byte[] list = client.authenticated(SECRET, Command.KEY_LST, AlgId.encode(a.coseId())).data();
            for (int off = 4; off < list.length; off += 16) {
                String id = HEX.formatHex(list, off, off + 16);
                present.add(id);
                if (!acked.containsKey(id)) {
                    // Only the command in flight may have added a key; it must be complete.
                    assertThat(inFlight).as("unacknowledged key %s (seed %d, history%s)", id, seed, history.get(id)).isNotNull();
                    assertThat(inFlight.command()).isIn(Command.KEYGEN, Command.IMPORT);
                    assertThat(a).isEqualTo(inFlight.alg());
                    acked.put(id, a);
                    if (inFlight.publicCose() != null) {
                        publicKeys.put(id, inFlight.publicCose());
                    }
                    toCheck.add(id);
                    inFlight = new InFlight(Command.PING, null, null, null); // at most one
                }
            }
        }
        for (String id : List.copyOf(acked.keySet())) {
            if (!present.contains(id)) {
                assertThat(inFlight != null && id.equals(inFlight.deleteId()))
                        .as("acknowledged key %s lost (seed %d)", id, seed).isTrue();
                acked.remove(id);
                publicKeys.remove(id);
                toCheck.remove(id);
            }
        }
        List<String> sample = new ArrayList<>(all ? acked.keySet() : toCheck);
        List<String> others = new ArrayList<>(acked.keySet());
        others.removeAll(sample);
        others.sort(null);
        for (int i = 0; i < 5 && !others.isEmpty(); i++) {
            sample.add(others.remove(rnd.nextInt(others.size())));
        }
        for (String id : sample) {
            checkSigns(client, id);
        }
        toCheck.clear();
    }

    private void checkSigns(IcpClient client, String id) throws Exception {
        Algorithm alg = acked.get(id);
        byte[] pub = publicKeys.get(id);
        if (pub == null) {
            ResponsePayload r = client.authenticated(SECRET, Command.GET_PUB, HEX.parseHex(id));
            assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
            pub = r.data();
            publicKeys.put(id, pub);
        }
        byte[] doc = new byte[48];
        secure.nextBytes(doc);
        byte[] digest = IndependentCrypto.sha3(doc);
        byte[] op = new byte[16 + 32];
        System.arraycopy(HEX.parseHex(id), 0, op, 0, 16);
        System.arraycopy(digest, 0, op, 16, 32);
        ResponsePayload s = client.authenticated(SECRET, Command.SIGN, op);
        assertThat(s.code()).as("SIGN with %s", id).isEqualTo(ResponseCode.SUCCESS);
        assertThat(IndependentCrypto.verify(alg, IndependentCrypto.publicKeyFromCose(alg, pub), doc, s.data()))
                .as("signature of %s", id).isTrue();
    }

    private void scanForPlaintext(Path state) throws IOException {
        try (Stream<Path> files = Files.walk(state)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(p);
                for (byte[] cose : privates) {
                    assertThat(StorageContractTest.indexOf(content, Arrays.copyOfRange(cose, cose.length - 16, cose.length)))
                            .as("plaintext private key in %s", p).isEqualTo(-1);
                }
            }
        }
    }
}
