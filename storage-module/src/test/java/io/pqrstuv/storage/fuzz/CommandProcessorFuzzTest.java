package io.pqrstuv.storage.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.Signatures;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.cose.PublicKeyChecks;
import io.pqrstuv.crypto.encoding.KeyEncodings;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.crypto.scheme.RsaOaep;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.icp.command.CommandReply;
import io.pqrstuv.icp.command.KeyListReply;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.storage.command.CommandProcessor;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.info.InfoMap;
import io.pqrstuv.storage.secret.AesGcmSecret;
import io.pqrstuv.storage.store.InMemoryStorage;
import io.pqrstuv.storage.testing.ManualClock;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.SecretKey;

/**
 * Jazzer target of the storage module's command processor on decoded payloads, in process with the
 * in-memory store: a fuzzer-chosen sequence of raw payloads, authenticated commands with fuzzed
 * operation data (the harness does INIT and computes the token, so the handlers are reached), wrong
 * tokens, clock jumps, and real secret changes (SEC_SET_INIT/CONF done as a client does them). The
 * harness keeps its own model of the keys and the secret and checks, after every payload:
 * <ul>
 *   <li>the reply echoes the request's session and command (or is the FFFFFFFF/FF framing reply of a
 *       short payload), error replies carry no data, SUCCESS data follows the command's layout;
 *   <li>never UNKNOWN_ERR: with a store that cannot fail, it would mean a handler threw something
 *       unexpected;
 *   <li>KEYGEN/IMPORT return a new identifier, KEY_DEL succeeds only for a stored key, KEY_LST lists
 *       exactly the model's keys of that algorithm, GET_PUB gives a valid public key of the key's
 *       algorithm, SIGN gives a signature that verifies, DECAPS of a harness encapsulation gives its
 *       secret;
 * </ul>
 * and at the end that nothing was corrupted: GET_INFO answers its initial bytes, PING echoes, and
 * (lockout waited out, the model's secret) every algorithm's KEY_LST matches the model. Algorithms
 * with multi-second operations (SLH-DSA except the 128f sets) are left out of the profile, and key
 * generation is served from a per-algorithm cache: the fuzzer explores parsing, not key generation.
 * Regression mode under {@code mvn verify}; {@code scripts/fuzz} fuzzes.
 */
class CommandProcessorFuzzTest {
    static final List<Algorithm> PROFILE = Algorithm.PROFILE.stream()
            .filter(a -> a.family() != Algorithm.Family.SLH_DSA
                    || a == Algorithm.SLH_DSA_SHA2_128F || a == Algorithm.SLH_DSA_SHAKE_128F)
            .toList();
    private static final String SERIAL = "00000000-0000-4000-8000-00000000f022";
    private static final Command[] COMMANDS = Command.values();
    private static final Map<Algorithm, byte[]> GENERATED = new ConcurrentHashMap<>();
    private static final DeviceCrypto ENGINE = new JcaDeviceCrypto();

    /** The engine, with KEYGEN served from one key per algorithm (generated once per process). */
    static final class CachedKeygen implements DeviceCrypto {
        @Override
        public PrivateKeyBlob generate(Algorithm algorithm, SecureRandom random) {
            byte[] cose = GENERATED.computeIfAbsent(algorithm, a -> {
                try (PrivateKeyBlob k = ENGINE.generate(a, new SecureRandom())) {
                    return k.cose().clone();
                }
            });
            return new PrivateKeyBlob(algorithm, cose.clone());
        }

        @Override
        public PrivateKeyBlob parsePrivate(byte[] cose, Set<Algorithm> allowed) throws CoseKeyException {
            return ENGINE.parsePrivate(cose, allowed);
        }

        @Override
        public byte[] publicCose(PrivateKeyBlob key) {
            return ENGINE.publicCose(key);
        }

        @Override
        public byte[] sign(PrivateKeyBlob key, byte[] digest, SecureRandom random) {
            return ENGINE.sign(key, digest, random);
        }

        @Override
        public int ciphertextLength(PrivateKeyBlob key) {
            return ENGINE.ciphertextLength(key);
        }

        @Override
        public byte[] decapsulate(PrivateKeyBlob key, byte[] ciphertext) throws DecapsulationException {
            return ENGINE.decapsulate(key, ciphertext);
        }
    }

    /** Deterministic randomness, so that an input replays exactly. */
    static final class SeededEntropy implements EntropySource {
        private final SecureRandom random;

        SeededEntropy(long seed) {
            try {
                random = SecureRandom.getInstance("SHA1PRNG");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            random.setSeed(seed);
        }

        @Override
        public SecureRandom secureRandom() {
            return random;
        }

        @Override
        public String describe() {
            return "seeded";
        }
    }

    private final byte[] info = new InfoMap(SERIAL, PROFILE).encoded();
    // Jazzer calls the target on one instance: everything below is made afresh for each input.
    private ManualClock clock;
    private InMemoryStorage storage;
    private CommandProcessor processor;
    /** The model: stored keys by hex id, with their public COSE_Key once the harness read it. */
    private final TreeMap<String, Algorithm> keys = new TreeMap<>();
    private final Map<String, byte[]> publicKeys = new TreeMap<>();
    private byte[] secret = new byte[0];
    /** False once a fuzzed SEC_SET_CONF succeeded on its own: the harness no longer knows the secret. */
    private boolean secretKnown = true;

    @FuzzTest(maxDuration = "60s")
    void commandProcessorAnswersEveryPayloadAndKeepsItsState(FuzzedDataProvider data) throws Exception {
        clock = new ManualClock();
        storage = new InMemoryStorage();
        processor = new CommandProcessor(new CachedKeygen(), storage, new SeededEntropy(20261204), clock,
                new InfoMap(SERIAL, PROFILE), PROFILE);
        keys.clear();
        publicKeys.clear();
        secret = new byte[0];
        secretKnown = true;
        expectedSecret = null;
        try {
            for (int step = 0; step < 24 && data.remainingBytes() > 0; step++) {
                switch (data.consumeInt(0, 8)) {
                    case 0 -> send(data.consumeBytes(data.consumeInt(0, 600)));
                    case 1 -> authenticated(anyCommand(data), data.consumeBytes(data.consumeInt(0, 600)));
                    case 2 -> structured(data);
                    case 3 -> wrongToken(data);
                    case 4 -> clock.advance(Duration.ofSeconds(data.consumeInt(0, 45 * 60)));
                    case 5 -> changeSecret(data);
                    case 6 -> importKey(data);
                    case 7 -> send(new RequestPayload(data.consumeInt(), Arrays.copyOf(data.consumeBytes(16), 16),
                            anyCommand(data), data.consumeBytes(data.consumeInt(0, 64))).encode());
                    default -> authenticated(data.pickValue(new int[] {0x20, 0x21}), new byte[0]);
                }
            }
            finalCheck();
        } finally {
            processor.close();
            storage.close();
        }
    }

    private static int anyCommand(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(COMMANDS).code() : data.consumeInt(0, 0xFF);
    }

    private Algorithm anyAlgorithm(FuzzedDataProvider data) {
        return data.pickValue(Algorithm.values());
    }

    /** A command with well-formed operation data around fuzzed parts, so the handlers see realistic input. */
    private void structured(FuzzedDataProvider data) throws Exception {
        Command command = data.pickValue(COMMANDS);
        byte[] id = keys.isEmpty() || data.consumeBoolean() ? data.consumeBytes(KeyIds.LENGTH)
                : HexFormat.of().parseHex(data.pickValue(keys.keySet()));
        if (id.length != KeyIds.LENGTH) {
            id = Arrays.copyOf(id, KeyIds.LENGTH);
        }
        byte[] op = switch (command) {
            case KEYGEN, KEY_LST, SEC_SET_INIT -> AlgId.encode(data.consumeBoolean()
                    ? anyAlgorithm(data).coseId() : data.consumeInt(AlgId.MIN, AlgId.MAX));
            case KEY_DEL, GET_PUB -> id;
            case SIGN -> concat(id, data.consumeBytes(data.consumeBoolean() ? 32 : data.consumeInt(0, 80)));
            case DECAPS -> concat(id, decapsCiphertext(id, data));
            default -> data.consumeBytes(data.consumeInt(0, 300));
        };
        ResponsePayload reply = authenticated(command.code(), op);
        if (expectedSecret != null) {
            expectedSecret = null;
            if (secretKnown && !Set.of(ResponseCode.RATE_LIMITED, ResponseCode.SUCCESS).contains(reply.code())) {
                throw new AssertionError("DECAPS of a real encapsulation answered " + reply.code());
            }
        }
    }

    /** What DECAPS must answer for the ciphertext the harness just built (null: fuzzed ciphertext). */
    private byte[] expectedSecret;

    /** A real encapsulation to a stored KEM key (the reply must then be its secret), or fuzzed bytes. */
    private byte[] decapsCiphertext(byte[] id, FuzzedDataProvider data) throws Exception {
        String hex = HexFormat.of().formatHex(id);
        Algorithm alg = keys.get(hex);
        if (alg == null || !alg.isKem() || !data.consumeBoolean()) {
            return data.consumeBytes(data.consumeInt(0, 1600));
        }
        PublicKey key = KeyEncodings.publicKeyFromCose(publicKeys.get(hex));
        SecureRandom random = new SecureRandom();
        if (alg.family() == Algorithm.Family.ML_KEM) {
            KEM.Encapsulated enc = KEM.getInstance("ML-KEM").newEncapsulator(key, random).encapsulate();
            expectedSecret = enc.key().getEncoded();
            return enc.encapsulation();
        }
        expectedSecret = new byte[32];
        random.nextBytes(expectedSecret);
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.ENCRYPT_MODE, key, RsaOaep.parameters(alg), random);
        return oaep.doFinal(expectedSecret);
    }

    private void wrongToken(FuzzedDataProvider data) throws Exception {
        ResponsePayload init = send(RequestPayload.unauthenticated(Command.INIT, new byte[0]).encode());
        int session = Sessions.fromBytes(init.data(), 0);
        byte[] token = data.consumeBytes(AuthToken.LENGTH);
        token = Arrays.copyOf(token, AuthToken.LENGTH);
        send(new RequestPayload(session, token, data.pickValue(COMMANDS), new byte[0]).encode());
    }

    /** IMPORT of a generated key in COSE form, possibly with a fuzzed byte flipped. */
    private void importKey(FuzzedDataProvider data) throws Exception {
        Algorithm alg = data.pickValue(PROFILE);
        byte[] cose = new CachedKeygen().generate(alg, null).cose();
        if (data.consumeBoolean() && cose.length > 0) {
            cose[data.consumeInt(0, cose.length - 1)] ^= (byte) data.consumeInt(1, 255);
        }
        authenticated(Command.IMPORT.code(), cose);
    }

    /** SEC_SET_INIT, then SEC_SET_CONF as a client builds it; on SUCCESS the model's secret changes. */
    private void changeSecret(FuzzedDataProvider data) throws Exception {
        Algorithm alg = data.pickValue(PROFILE.stream().filter(Algorithm::isKem).toList());
        ResponsePayload init = authenticated(Command.SEC_SET_INIT.code(), AlgId.encode(alg.coseId()));
        if (init == null || !init.isSuccess()) {
            return;
        }
        PublicKey key = KeyEncodings.publicKeyFromCose(init.data());
        byte[] aesKey;
        byte[] wrapped;
        SecureRandom random = new SecureRandom();
        if (alg.family() == Algorithm.Family.ML_KEM) {
            KEM.Encapsulated enc = KEM.getInstance("ML-KEM").newEncapsulator(key, random).encapsulate();
            SecretKey k = enc.key();
            aesKey = k.getEncoded();
            wrapped = enc.encapsulation();
        } else {
            aesKey = new byte[32];
            random.nextBytes(aesKey);
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.ENCRYPT_MODE, key, RsaOaep.parameters(alg), random);
            wrapped = oaep.doFinal(aesKey);
        }
        byte[] newSecret = data.consumeBytes(data.consumeInt(0, 1100));
        byte[] iv = new byte[AesGcmSecret.IV_LENGTH];
        byte[] sealed = AesGcmSecret.seal(aesKey, iv, newSecret);
        ResponsePayload conf = authenticated(Command.SEC_SET_CONF.code(), concat(sealed, wrapped));
        if (conf != null && conf.isSuccess()) {
            assertThat(newSecret.length).as("secrets of 1024 bytes or more are refused").isLessThan(1024);
            secret = newSecret;
            secretKnown = true;
        } else if (conf != null && conf.code() == ResponseCode.CMD_FAIL && secretKnown && newSecret.length < 1024) {
            throw new AssertionError("a correctly built SEC_SET_CONF failed");
        }
    }

    /** INIT, token from the model's secret, then the command. Null when INIT itself failed. */
    private ResponsePayload authenticated(int command, byte[] opData) throws Exception {
        ResponsePayload init = send(RequestPayload.unauthenticated(Command.INIT, new byte[0]).encode());
        assertThat(init.code()).isEqualTo(ResponseCode.SUCCESS);
        int session = Sessions.fromBytes(init.data(), 0);
        byte[] token = AuthToken.compute(secret, Arrays.copyOfRange(init.data(), 4, 20));
        return send(new RequestPayload(session, token, command, opData).encode());
    }

    /** Sends one payload and checks the reply against the request and the model. */
    private ResponsePayload send(byte[] payload) throws Exception {
        byte[] copy = payload.clone();
        ResponsePayload reply = processor.process(copy);
        assertThat(copy).as("the processor zeroizes the payload").isEqualTo(new byte[copy.length]);
        assertThat(reply.code()).as("UNKNOWN_ERR means a handler threw").isNotEqualTo(ResponseCode.UNKNOWN_ERR);
        if (!reply.isSuccess()) {
            assertThat(reply.data()).isEmpty();
        }
        if (payload.length < RequestPayload.HEADER_LENGTH) {
            assertThat(reply).isEqualTo(ResponsePayload.framingError(ResponseCode.INVALID_SYNTAX));
            return reply;
        }
        RequestPayload request = RequestPayload.decode(payload);
        assertThat(reply.session()).isEqualTo(request.session());
        assertThat(reply.command()).isEqualTo(request.command());
        Command command = request.knownCommand().orElse(null);
        if (command == null) {
            assertThat(reply.code()).isEqualTo(ResponseCode.INVALID_CMD);
            return reply;
        }
        if (!reply.isSuccess()) {
            if (reply.code() == ResponseCode.INCORRECT_SECRET) {
                assertThat(command.authenticated()).isTrue();
            }
            return reply;
        }
        try {
            CommandReply.check(command, reply.data());
        } catch (CommandDataException e) {
            throw new AssertionError("SUCCESS data breaks the layout: " + e.getMessage());
        }
        model(command, request.opData(), reply.data());
        return reply;
    }

    private void model(Command command, byte[] op, byte[] data) throws Exception {
        switch (command) {
            case GET_INFO -> assertThat(data).isEqualTo(info);
            case PING -> assertThat(data).isEqualTo(op);
            case KEYGEN, IMPORT -> {
                String id = HexFormat.of().formatHex(data);
                assertThat(keys).as("a new key gets a new identifier").doesNotContainKey(id);
                PrivateKeyBlob stored = command == Command.KEYGEN
                        ? new CachedKeygen().generate(Algorithm.byCoseId(AlgId.decode(op)).orElseThrow(), null)
                        : ENGINE.parsePrivate(op, Set.copyOf(PROFILE));
                try (stored) {
                    assertThat(PROFILE).contains(stored.algorithm());
                    keys.put(id, stored.algorithm());
                    publicKeys.put(id, ENGINE.publicCose(stored));
                }
            }
            case KEY_DEL -> {
                String id = HexFormat.of().formatHex(op);
                assertThat(keys).as("KEY_DEL succeeded for an unknown key").containsKey(id);
                keys.remove(id);
                publicKeys.remove(id);
            }
            case KEY_LST -> {
                Algorithm alg = Algorithm.byCoseId(AlgId.decode(op)).orElseThrow();
                List<String> listed = new ArrayList<>();
                for (byte[] id : KeyListReply.decode(data).ids()) {
                    listed.add(HexFormat.of().formatHex(id));
                }
                assertThat(listed).as("KEY_LST of %s", alg).containsExactlyElementsOf(idsOf(alg));
            }
            case GET_PUB -> {
                String id = HexFormat.of().formatHex(op);
                assertThat(keys).containsKey(id);
                try (CoseMap pub = PublicKeyChecks.decode(data, Set.copyOf(PROFILE))) {
                    assertThat(PublicKeyChecks.algorithm(pub)).isEqualTo(keys.get(id));
                }
                assertThat(data).as("GET_PUB gives the stored key's public key").isEqualTo(publicKeys.get(id));
            }
            case SIGN -> {
                String id = HexFormat.of().formatHex(op, 0, KeyIds.LENGTH);
                assertThat(keys).containsKey(id);
                Algorithm alg = keys.get(id);
                assertThat(alg.isSignature()).isTrue();
                byte[] digest = Arrays.copyOfRange(op, KeyIds.LENGTH, op.length);
                assertThat(digest).hasSize(32);
                assertThat(Signatures.verifyDigest(alg, KeyEncodings.publicKeyFromCose(publicKeys.get(id)), digest, data))
                        .as("%s signature verifies", alg).isTrue();
            }
            case DECAPS -> {
                String id = HexFormat.of().formatHex(op, 0, KeyIds.LENGTH);
                assertThat(keys).containsKey(id);
                assertThat(keys.get(id).isKem()).isTrue();
                if (expectedSecret != null) {
                    assertThat(data).as("DECAPS recovers the encapsulated secret").isEqualTo(expectedSecret);
                }
            }
            case CRYPTO_RST -> {
                keys.clear();
                publicKeys.clear();
            }
            case DEV_RST -> {
                keys.clear();
                publicKeys.clear();
                secret = new byte[0];
                secretKnown = true;
            }
            case SEC_SET_CONF -> secretKnown = false; // the harness sets it back when it built the request
            default -> {
                // INIT, SEC_SET_INIT: checked by their layout
            }
        }
    }

    private List<String> idsOf(Algorithm alg) {
        return keys.entrySet().stream().filter(e -> e.getValue() == alg).map(Map.Entry::getKey).toList();
    }

    /** Nothing the fuzzer sent corrupted the processor: its answers and the stored keys are as modelled. */
    private void finalCheck() throws Exception {
        assertThat(send(RequestPayload.unauthenticated(Command.GET_INFO, new byte[0]).encode()).data()).isEqualTo(info);
        byte[] ping = {1, 2, 3};
        assertThat(send(RequestPayload.unauthenticated(Command.PING, ping).encode()).data()).isEqualTo(ping);
        if (!secretKnown) {
            return;
        }
        clock.advance(Duration.ofMinutes(31)); // any lockout is over
        Map<Algorithm, Boolean> seen = new EnumMap<>(Algorithm.class);
        for (Algorithm alg : PROFILE) {
            ResponsePayload r = authenticated(Command.KEY_LST.code(), AlgId.encode(alg.coseId()));
            assertThat(r.code()).as("KEY_LST %s with the model's secret", alg).isEqualTo(ResponseCode.SUCCESS);
            seen.put(alg, true);
        }
        assertThat(seen).hasSize(PROFILE.size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
