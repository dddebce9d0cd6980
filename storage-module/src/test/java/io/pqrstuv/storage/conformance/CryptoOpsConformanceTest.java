package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checklist §1.10: SIGN and DECAPS, verified with independent code (JDK, BC only for SLH-DSA). */
class CryptoOpsConformanceTest extends ConformanceBase {

    void signAndVerify(Algorithm alg) throws Exception {
        byte[] id = keygen(alg);
        PublicKey pub = IndependentCrypto.publicKeyFromCose(alg, getPub(id));
        byte[] doc = random(333);
        ResponsePayload r = auth(Command.SIGN, concat(id, IndependentCrypto.sha3(doc)));
        assertCode(r, ResponseCode.SUCCESS);
        if (alg.outputLength() > 0) {
            assertThat(r.data()).hasSize(alg.outputLength());
        } else {
            assertThat(r.data()).hasSize(((RSAPublicKey) pub).getModulus().bitLength() / 8);
        }
        assertThat(IndependentCrypto.verify(alg, pub, doc, r.data())).as("verifies").isTrue();
        byte[] other = doc.clone();
        other[0] ^= 1;
        assertThat(IndependentCrypto.verify(alg, pub, other, r.data())).as("bound to the document").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"ML_DSA_.*", "SLH_DSA_.*F", "RS256", "PS256", "ED25519", "ES256"},
            mode = EnumSource.Mode.MATCH_ANY)
    void signVerifiesForEverySignatureAlgorithm(Algorithm alg) throws Exception {
        signAndVerify(alg);
    }

    @Tag("slow")
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"SLH_DSA_.*S"}, mode = EnumSource.Mode.MATCH_ANY)
    void signVerifiesForTheSlowSlhDsaSets(Algorithm alg) throws Exception {
        signAndVerify(alg);
    }

    @ParameterizedTest
    @EnumSource(names = {"ML_KEM_512", "ML_KEM_768", "ML_KEM_1024"})
    void mlKemDecapsMatchesAnIndependentEncapsulation(Algorithm alg) throws Exception {
        byte[] id = keygen(alg);
        PublicKey pub = IndependentCrypto.publicKeyFromCose(alg, getPub(id));
        IndependentCrypto.Encapsulated enc = IndependentCrypto.encapsulate(alg, pub, RANDOM);
        ResponsePayload r = auth(Command.DECAPS, concat(id, enc.ciphertext()));
        assertCode(r, ResponseCode.SUCCESS);
        assertThat(r.data()).hasSize(32).isEqualTo(enc.secret());
        // Implicit rejection (D-51): a corrupted ciphertext still gives SUCCESS, with another value.
        byte[] bad = enc.ciphertext().clone();
        bad[10] ^= 1;
        ResponsePayload rej = auth(Command.DECAPS, concat(id, bad));
        assertCode(rej, ResponseCode.SUCCESS);
        assertThat(rej.data()).hasSize(32).isNotEqualTo(enc.secret());
        // Wrong sizes: CRYPTO_KEY_MISMATCH.
        assertCode(auth(Command.DECAPS, concat(id, random(alg.outputLength() - 1))), ResponseCode.CRYPTO_KEY_MISMATCH);
        assertCode(auth(Command.DECAPS, concat(id, random(alg.outputLength() + 1))), ResponseCode.CRYPTO_KEY_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(names = {"RSA_OAEP_256", "RSA_OAEP_512"})
    void oaepDecryptsAndRejectsBadPadding(Algorithm alg) throws Exception {
        byte[] id = keygen(alg);
        RSAPublicKey pub = (RSAPublicKey) IndependentCrypto.publicKeyFromCose(alg, getPub(id));
        int k = pub.getModulus().bitLength() / 8;
        byte[] plaintext = random(40);
        byte[] ct = IndependentCrypto.oaep(alg, pub, plaintext, RANDOM);
        ResponsePayload r = auth(Command.DECAPS, concat(id, ct));
        assertCode(r, ResponseCode.SUCCESS);
        assertThat(r.data()).isEqualTo(plaintext);
        byte[] bad = ct.clone();
        bad[k / 2] ^= 0x20;
        assertCode(auth(Command.DECAPS, concat(id, bad)), ResponseCode.CMD_FAIL);
        assertCode(auth(Command.DECAPS, concat(id, random(k - 1))), ResponseCode.CRYPTO_KEY_MISMATCH);
    }

    @Test
    void keyTypeAndSizeChecksInSpecOrder() {
        byte[] sig = keygen(Algorithm.ML_DSA_44);
        byte[] kem = keygen(Algorithm.ML_KEM_768);
        byte[] unknown = random(16);
        // SIGN: unknown id → CMD_FAIL (before the digest check); KEM key → CRYPTO_KEY_MISMATCH; digest length → CMD_FAIL.
        assertCode(auth(Command.SIGN, concat(unknown, random(32))), ResponseCode.CMD_FAIL);
        assertCode(auth(Command.SIGN, concat(unknown, random(31))), ResponseCode.CMD_FAIL);
        assertCode(auth(Command.SIGN, concat(kem, random(32))), ResponseCode.CRYPTO_KEY_MISMATCH);
        assertCode(auth(Command.SIGN, concat(kem, random(31))), ResponseCode.CRYPTO_KEY_MISMATCH);
        for (int n : new int[] {0, 31, 33, 64}) {
            assertCode(auth(Command.SIGN, concat(sig, random(n))), ResponseCode.CMD_FAIL);
        }
        assertCode(auth(Command.SIGN, random(15)), ResponseCode.INVALID_SYNTAX);
        // DECAPS: unknown id → CMD_FAIL; signature key → CRYPTO_KEY_MISMATCH (before the size check).
        assertCode(auth(Command.DECAPS, concat(unknown, random(1088))), ResponseCode.CMD_FAIL);
        assertCode(auth(Command.DECAPS, concat(sig, random(1088))), ResponseCode.CRYPTO_KEY_MISMATCH);
        assertCode(auth(Command.DECAPS, concat(sig, random(7))), ResponseCode.CRYPTO_KEY_MISMATCH);
        assertCode(auth(Command.DECAPS, random(15)), ResponseCode.INVALID_SYNTAX);
    }
}
