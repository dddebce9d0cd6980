package io.pqrstuv.storage.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.entropy.EntropyUnavailableException;
import io.pqrstuv.storage.info.InfoMap;
import io.pqrstuv.storage.store.InMemoryStorage;
import io.pqrstuv.storage.testing.ManualClock;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the entropy gate sits in the processor (P-80), with a source the test switches off: every
 * command that would draw randomness answers CMD_FAIL before it changes anything, the others keep
 * working, and no refusal turns into another code. The real QRNG source: AttestedEntropyModuleTest.
 */
class EntropyGateTest {
    private static final byte[] EMPTY = new byte[0];

    /** A source whose availability the test switches; it counts what it serves. */
    static final class SwitchableEntropy implements EntropySource {
        volatile boolean available = true;
        volatile Thread admitted;
        int freshAdmissions;
        int refusedDraws;
        private final SecureRandom inner = new SecureRandom();
        private final SecureRandom gated = new SecureRandom(new SecureRandomSpi() {
            @Override
            protected void engineSetSeed(byte[] seed) {
            }

            @Override
            protected void engineNextBytes(byte[] bytes) {
                if (!available && Thread.currentThread() != admitted) {
                    refusedDraws++;
                    throw new EntropyUnavailableException("switched off");
                }
                inner.nextBytes(bytes);
            }

            @Override
            protected byte[] engineGenerateSeed(int n) {
                byte[] b = new byte[n];
                engineNextBytes(b);
                return b;
            }
        }, null) {
        };

        @Override
        public SecureRandom secureRandom() {
            return gated;
        }

        @Override
        public String describe() {
            return "switchable";
        }

        @Override
        public Permit admit(boolean freshEntropy) {
            if (!available) {
                throw new EntropyUnavailableException("switched off");
            }
            if (freshEntropy) {
                freshAdmissions++;
            }
            admitted = Thread.currentThread();
            return () -> admitted = null;
        }
    }

    private final SwitchableEntropy entropy = new SwitchableEntropy();
    private final InMemoryStorage storage = new InMemoryStorage();
    private final CommandProcessor processor = new CommandProcessor(new JcaDeviceCrypto(), storage, entropy,
            new ManualClock(), new InfoMap("00000000-0000-4000-8000-000000000000", Algorithm.PROFILE));

    private record Session(int id, byte[] token) {
    }

    private ResponsePayload run(RequestPayload request) {
        return processor.process(request.encode());
    }

    private Session init() {
        ResponsePayload r = run(RequestPayload.unauthenticated(Command.INIT, EMPTY));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return new Session(Sessions.fromBytes(r.data(), 0), AuthToken.compute(EMPTY, Arrays.copyOfRange(r.data(), 4, 20)));
    }

    private ResponsePayload on(Session s, Command c, byte[] op) {
        return run(new RequestPayload(s.id(), s.token(), c, op));
    }

    private byte[] keygen(Algorithm alg) {
        ResponsePayload r = on(init(), Command.KEYGEN, AlgId.encode(alg.coseId()));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return r.data();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void whileTheSourceRefusesEveryCommandThatDrawsAnswersCmdFailBeforeChangingAnything() throws Exception {
        byte[] es256 = keygen(Algorithm.ES256);
        byte[] ed25519 = keygen(Algorithm.ED25519);
        byte[] kem = keygen(Algorithm.ML_KEM_768);
        storage.setSecret(new byte[0]);
        // Sessions opened before the QRNG fails (INIT itself is refused afterwards).
        Session[] s = new Session[12];
        for (int i = 0; i < s.length; i++) {
            s[i] = init();
        }
        entropy.available = false;

        assertThat(run(RequestPayload.unauthenticated(Command.INIT, EMPTY)).code()).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(on(s[0], Command.KEYGEN, AlgId.encode(Algorithm.ES256.coseId())).code()).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(on(s[1], Command.SEC_SET_INIT, AlgId.encode(Algorithm.ML_KEM_512.coseId())).code())
                .isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(on(s[2], Command.SEC_SET_CONF, new byte[900]).code()).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(on(s[3], Command.CRYPTO_RST, EMPTY).code()).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(on(s[4], Command.DEV_RST, EMPTY).code()).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(storage.listIds(Algorithm.ES256)).as("no reset happened").hasSize(1);

        // Commands that draw nothing keep working, on sessions opened before.
        assertThat(run(RequestPayload.unauthenticated(Command.GET_INFO, EMPTY)).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(run(RequestPayload.unauthenticated(Command.PING, new byte[] {7})).data()).containsExactly(7);
        assertThat(on(s[5], Command.KEY_LST, AlgId.encode(Algorithm.ES256.coseId())).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(on(s[6], Command.GET_PUB, es256).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(on(s[7], Command.DECAPS, concat(kem, new byte[Algorithm.ML_KEM_768.outputLength()])).code())
                .isEqualTo(ResponseCode.SUCCESS);
        // SIGN is gated by need: ECDSA's nonce is refused, Ed25519 draws nothing and signs.
        byte[] doc = "document".getBytes();
        byte[] digest = IndependentCrypto.sha3(doc);
        int refusedBefore = entropy.refusedDraws;
        assertThat(on(s[8], Command.SIGN, concat(es256, digest)).code()).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(entropy.refusedDraws).as("the ECDSA nonce was refused at the source").isGreaterThan(refusedBefore);
        ResponsePayload ed = on(s[9], Command.SIGN, concat(ed25519, digest));
        assertThat(ed.code()).isEqualTo(ResponseCode.SUCCESS);
        ResponsePayload edPub = on(s[10], Command.GET_PUB, ed25519);
        assertThat(IndependentCrypto.verify(Algorithm.ED25519,
                IndependentCrypto.publicKeyFromCose(Algorithm.ED25519, edPub.data()), doc, ed.data())).isTrue();
        // The session checks draw nothing: their codes are unchanged while the source refuses.
        assertThat(run(new RequestPayload(Sessions.FRAMING_ERROR, new byte[16], Command.KEY_LST,
                AlgId.encode(Algorithm.ES256.coseId()))).code()).isEqualTo(ResponseCode.SESSION_UNAVAILABLE);
        assertThat(run(new RequestPayload(0x12345678, new byte[16], Command.KEY_LST,
                AlgId.encode(Algorithm.ES256.coseId()))).code()).isEqualTo(ResponseCode.SESSION_UNAVAILABLE);
        assertThat(run(new RequestPayload(s[11].id(), new byte[16], Command.KEY_LST,
                AlgId.encode(Algorithm.ES256.coseId()))).code()).isEqualTo(ResponseCode.INCORRECT_SECRET);

        entropy.available = true;
        assertThat(keygen(Algorithm.ES256)).hasSize(16);
        assertThat(storage.listIds(Algorithm.ES256)).hasSize(2);
    }

    @Test
    void keyGeneratingCommandsAskForFreshEntropy() {
        int before = entropy.freshAdmissions;
        keygen(Algorithm.ED25519);
        assertThat(entropy.freshAdmissions).isEqualTo(before + 1);
        assertThat(on(init(), Command.SEC_SET_INIT, AlgId.encode(Algorithm.ML_KEM_512.coseId())).code())
                .isEqualTo(ResponseCode.SUCCESS);
        assertThat(on(init(), Command.CRYPTO_RST, EMPTY).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(on(init(), Command.DEV_RST, EMPTY).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(entropy.freshAdmissions).isEqualTo(before + 4);
        on(init(), Command.KEY_LST, AlgId.encode(Algorithm.ES256.coseId()));
        assertThat(entropy.freshAdmissions).as("INIT and KEY_LST do not reseed").isEqualTo(before + 4);
    }

    @Test
    void aCommandAdmittedWholeIsNotRefusedHalfWay() {
        // The source fails while KEYGEN runs (after admission): the key is generated, stored and named.
        EntropySource failsDuringTheCommand = new EntropySource() {
            @Override
            public SecureRandom secureRandom() {
                return entropy.secureRandom();
            }

            @Override
            public String describe() {
                return "fails during the command";
            }

            @Override
            public Permit admit(boolean fresh) {
                Permit p = entropy.admit(fresh);
                entropy.available = false;
                return p;
            }
        };
        InMemoryStorage store = new InMemoryStorage();
        CommandProcessor p = new CommandProcessor(new JcaDeviceCrypto(), store, failsDuringTheCommand, new ManualClock(),
                new InfoMap("00000000-0000-4000-8000-000000000000", List.of(Algorithm.ES256)), List.of(Algorithm.ES256));
        ResponsePayload init = p.process(RequestPayload.unauthenticated(Command.INIT, EMPTY).encode());
        entropy.available = true;
        ResponsePayload r = p.process(new RequestPayload(Sessions.fromBytes(init.data(), 0),
                AuthToken.compute(EMPTY, Arrays.copyOfRange(init.data(), 4, 20)), Command.KEYGEN,
                AlgId.encode(Algorithm.ES256.coseId())).encode());
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(store.listIds(Algorithm.ES256)).hasSize(1);
    }

    @Test
    void signIsRefusedExactlyForTheAlgorithmsWhoseSignaturesDrawRandomness() throws Exception {
        List<Algorithm> signers = List.of(Algorithm.ES256, Algorithm.PS256, Algorithm.ML_DSA_44, Algorithm.SLH_DSA_SHA2_128F,
                Algorithm.ED25519, Algorithm.RS256);
        java.util.Map<Algorithm, byte[]> ids = new java.util.LinkedHashMap<>();
        java.util.Map<Algorithm, Session> sessions = new java.util.LinkedHashMap<>();
        for (Algorithm a : signers) {
            ids.put(a, keygen(a));
            sessions.put(a, init());
        }
        entropy.available = false;
        java.util.Map<Algorithm, ResponseCode> codes = new java.util.LinkedHashMap<>();
        for (Algorithm a : signers) {
            codes.put(a, on(sessions.get(a), Command.SIGN, concat(ids.get(a), new byte[32])).code());
        }
        assertThat(codes).containsEntry(Algorithm.ES256, ResponseCode.CMD_FAIL) // the ECDSA nonce
                .containsEntry(Algorithm.PS256, ResponseCode.CMD_FAIL)             // the PSS salt
                .containsEntry(Algorithm.ML_DSA_44, ResponseCode.CMD_FAIL)         // hedged signing's rnd
                .containsEntry(Algorithm.SLH_DSA_SHA2_128F, ResponseCode.CMD_FAIL) // opt_rand
                .containsEntry(Algorithm.ED25519, ResponseCode.SUCCESS)            // deterministic
                .containsEntry(Algorithm.RS256, ResponseCode.SUCCESS);             // deterministic
    }
}
