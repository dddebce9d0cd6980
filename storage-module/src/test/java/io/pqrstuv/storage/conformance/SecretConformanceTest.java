package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checklist §1.7: SEC_SET_INIT / SEC_SET_CONF with a reference client built to D-13. */
class SecretConformanceTest extends ConformanceBase {
    private static final byte[] ML_DSA_44 = AlgId.encode(Algorithm.ML_DSA_44.coseId());

    /** SEC_SET_INIT under {@code current}; returns the device's public key. */
    PublicKey secSetInit(Algorithm alg, byte[] current) throws GeneralSecurityException {
        ResponsePayload r = client.authenticated(current, Command.SEC_SET_INIT, AlgId.encode(alg.coseId()));
        assertCode(r, ResponseCode.SUCCESS);
        CBORObject cose = IndependentCrypto.publicCoseMap(r.data());
        assertThat(cose.get(CBORObject.FromObject(3)).AsInt32()).isEqualTo(alg.coseId());
        if (alg.family() == Algorithm.Family.ML_KEM) {
            assertThat(cose.get(CBORObject.FromObject(-1)).GetByteString()).hasSize(alg.publicKeyLength());
        }
        return IndependentCrypto.publicKeyFromCose(alg, r.data());
    }

    /** The secret the last {@link #confData} call encrypted. */
    private static volatile byte[] lastEncrypted = new byte[0];

    /** encSecret ‖ wrappedKey per D-13. */
    static byte[] confData(Algorithm alg, PublicKey key, byte[] secret) throws GeneralSecurityException {
        lastEncrypted = secret.clone();
        IndependentCrypto.Encapsulated kem = IndependentCrypto.encapsulate(alg, key, RANDOM);
        byte[] iv = random(12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kem.secret(), "AES"), new GCMParameterSpec(128, iv));
        return concat(iv, gcm.doFinal(secret), kem.ciphertext());
    }

    ResponseCode conf(byte[] current, byte[] opData) {
        ResponseCode code = client.authenticated(current, Command.SEC_SET_CONF, opData).code();
        if (code == ResponseCode.SUCCESS) {
            externalSecret = lastEncrypted;
        }
        return code;
    }

    ResponseCode listWith(byte[] secret) {
        return client.authenticated(secret, Command.KEY_LST, ML_DSA_44).code();
    }

    @ParameterizedTest
    @EnumSource(names = {"ML_KEM_512", "ML_KEM_768", "ML_KEM_1024", "RSA_OAEP_256", "RSA_OAEP_512"})
    void theSecretChangesThroughEveryKemOfTheProfile(Algorithm alg) throws Exception {
        byte[] secret = "correct horse".getBytes(StandardCharsets.UTF_8);
        PublicKey pk = secSetInit(alg, DEFAULT_SECRET);
        assertThat(conf(DEFAULT_SECRET, confData(alg, pk, secret))).isEqualTo(ResponseCode.SUCCESS);
        assertThat(listWith(secret)).isEqualTo(ResponseCode.SUCCESS);
        assertThat(listWith(DEFAULT_SECRET)).isEqualTo(ResponseCode.INCORRECT_SECRET);
    }

    @Test
    void tokenOrderIsSecretThenNonce() throws Exception {
        byte[] secret = "s3cret".getBytes(StandardCharsets.UTF_8);
        PublicKey pk = secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        assertThat(conf(DEFAULT_SECRET, confData(Algorithm.ML_KEM_768, pk, secret))).isEqualTo(ResponseCode.SUCCESS);
        var s = client.init();
        byte[] reversed = Arrays.copyOf(IndependentCrypto.sha256(concat(s.nonce(), secret)), 16);
        assertThat(client.call(new RequestPayload(s.id(), reversed, Command.KEY_LST, ML_DSA_44)).code())
                .isEqualTo(ResponseCode.INCORRECT_SECRET);
    }

    @Test
    void initOperandRules() {
        assertCode(auth(Command.SEC_SET_INIT, new byte[] {(byte) 0xFF, (byte) 0xFE}), ResponseCode.INVALID_SYNTAX);
        assertThat(auth(Command.SEC_SET_INIT, AlgId.encode(-65535)).code()).as("RS1, unlisted").isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(auth(Command.SEC_SET_INIT, AlgId.encode(3)).code()).as("A256GCM").isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(auth(Command.SEC_SET_INIT, AlgId.encode(-48)).code()).as("ML-DSA-44").isEqualTo(ResponseCode.CRYPTO_KEY_MISMATCH);
        assertThat(auth(Command.SEC_SET_INIT, AlgId.encode(-35)).code()).as("unlisted signature").isEqualTo(ResponseCode.CMD_FAIL);
    }

    @Test
    void confirmWithoutAPendingKeyPairFails() {
        assertThat(conf(DEFAULT_SECRET, random(28 + 1088))).isEqualTo(ResponseCode.CMD_FAIL);
    }

    @Test
    void aBadTagFailsAndBurnsTheKeyPairButKeepsTheOldSecret() throws Exception {
        PublicKey pk = secSetInit(Algorithm.ML_KEM_512, DEFAULT_SECRET);
        byte[] good = confData(Algorithm.ML_KEM_512, pk, "new".getBytes(StandardCharsets.UTF_8));
        byte[] bad = good.clone();
        bad[12 + 3 + 5] ^= 1; // inside the GCM tag
        assertThat(conf(DEFAULT_SECRET, bad)).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(conf(DEFAULT_SECRET, good)).as("one-shot (D-14)").isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(listWith(DEFAULT_SECRET)).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void aCorruptedOaepKeyFails() throws Exception {
        PublicKey pk = secSetInit(Algorithm.RSA_OAEP_256, DEFAULT_SECRET);
        byte[] data = confData(Algorithm.RSA_OAEP_256, pk, "x".getBytes(StandardCharsets.UTF_8));
        data[data.length - 7] ^= 0x55;
        assertThat(conf(DEFAULT_SECRET, data)).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(listWith(DEFAULT_SECRET)).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void tooShortOperationDataFailsWithoutBurningTheKeyPair() throws Exception {
        PublicKey pk = secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        assertThat(conf(DEFAULT_SECRET, random(27 + 1088))).isEqualTo(ResponseCode.CMD_FAIL);
        byte[] secret = "after short".getBytes(StandardCharsets.UTF_8);
        assertThat(conf(DEFAULT_SECRET, confData(Algorithm.ML_KEM_768, pk, secret))).isEqualTo(ResponseCode.SUCCESS);
        assertThat(listWith(secret)).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void secretsMustBeShorterThan1024Bytes() throws Exception {
        PublicKey pk = secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        assertThat(conf(DEFAULT_SECRET, confData(Algorithm.ML_KEM_768, pk, new byte[1024]))).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(listWith(DEFAULT_SECRET)).isEqualTo(ResponseCode.SUCCESS);
        byte[] longest = random(1023);
        pk = secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        assertThat(conf(DEFAULT_SECRET, confData(Algorithm.ML_KEM_768, pk, longest))).isEqualTo(ResponseCode.SUCCESS);
        assertThat(listWith(longest)).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void aReplayedConfirmFails() throws Exception {
        byte[] secret = "replay".getBytes(StandardCharsets.UTF_8);
        PublicKey pk = secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        byte[] data = confData(Algorithm.ML_KEM_768, pk, secret);
        assertThat(conf(DEFAULT_SECRET, data)).isEqualTo(ResponseCode.SUCCESS);
        assertThat(conf(secret, data)).isEqualTo(ResponseCode.CMD_FAIL);
    }

    @Test
    void aNewInitReplacesTheEarlierKeyPair() throws Exception {
        PublicKey a = secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        assertThat(conf(DEFAULT_SECRET, confData(Algorithm.ML_KEM_768, a, "a".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(ResponseCode.CMD_FAIL);
        secSetInit(Algorithm.ML_KEM_512, DEFAULT_SECRET);
        PublicKey b2 = secSetInit(Algorithm.ML_KEM_512, DEFAULT_SECRET);
        byte[] secret = "b".getBytes(StandardCharsets.UTF_8);
        assertThat(conf(DEFAULT_SECRET, confData(Algorithm.ML_KEM_512, b2, secret))).isEqualTo(ResponseCode.SUCCESS);
        assertThat(listWith(secret)).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void anEmptySecretCanBeSetExplicitly() throws Exception {
        byte[] secret = "temporary".getBytes(StandardCharsets.UTF_8);
        PublicKey pk = secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        assertThat(conf(DEFAULT_SECRET, confData(Algorithm.ML_KEM_768, pk, secret))).isEqualTo(ResponseCode.SUCCESS);
        pk = secSetInit(Algorithm.ML_KEM_768, secret);
        assertThat(conf(secret, confData(Algorithm.ML_KEM_768, pk, new byte[0]))).isEqualTo(ResponseCode.SUCCESS);
        assertThat(listWith(new byte[0])).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void cryptoResetKeepsTheSecretAndDeviceResetRestoresTheDefault() throws Exception {
        byte[] secret = "kept".getBytes(StandardCharsets.UTF_8);
        PublicKey pk = secSetInit(Algorithm.RSA_OAEP_512, DEFAULT_SECRET);
        assertThat(conf(DEFAULT_SECRET, confData(Algorithm.RSA_OAEP_512, pk, secret))).isEqualTo(ResponseCode.SUCCESS);
        assertThat(client.authenticated(secret, Command.CRYPTO_RST, NONE).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(listWith(secret)).isEqualTo(ResponseCode.SUCCESS);
        assertThat(client.authenticated(secret, Command.DEV_RST, NONE).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(listWith(secret)).isEqualTo(ResponseCode.INCORRECT_SECRET);
        assertThat(listWith(DEFAULT_SECRET)).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void theKeyPairDoesNotSurviveARestart() throws Exception {
        PublicKey pk = secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        module.restart();
        client = module.client();
        assertThat(conf(DEFAULT_SECRET, confData(Algorithm.ML_KEM_768, pk, "r".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(ResponseCode.CMD_FAIL);
    }
}
