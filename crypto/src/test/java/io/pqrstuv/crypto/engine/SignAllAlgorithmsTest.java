package io.pqrstuv.crypto.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.TestKeys;
import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** For every signature algorithm: generate → publicCose → sign → verify with an independent verifier. */
class SignAllAlgorithmsTest {
    private static final JcaDeviceCrypto CRYPTO = new JcaDeviceCrypto();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Algorithm> ALL = EnumSet.allOf(Algorithm.class);
    private static final byte[] DOCUMENT = "the document the client signs".getBytes(StandardCharsets.UTF_8);

    static Stream<Algorithm> fast() {
        return Algorithm.PROFILE.stream().filter(Algorithm::isSignature).filter(a -> !isSlowSlh(a));
    }

    static Stream<Algorithm> slow() {
        return Algorithm.PROFILE.stream().filter(SignAllAlgorithmsTest::isSlowSlh);
    }

    static boolean isSlowSlh(Algorithm a) {
        return a.family() == Algorithm.Family.SLH_DSA && a.displayName().endsWith("s");
    }

    @ParameterizedTest
    @MethodSource("fast")
    void signsAndVerifies(Algorithm alg) throws Exception {
        roundTrip(alg);
    }

    @Tag("slow")
    @ParameterizedTest
    @MethodSource("slow")
    void signsAndVerifiesSlowSlhDsaSets(Algorithm alg) throws Exception {
        roundTrip(alg);
    }

    private static void roundTrip(Algorithm alg) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA3-256").digest(DOCUMENT);
        try (PrivateKeyBlob blob = CRYPTO.generate(alg, RANDOM)) {
            byte[] pub = CRYPTO.publicCose(blob);
            assertPublicShape(alg, pub);

            // IMPORT of the generated key reproduces it byte for byte (deterministic encoding).
            try (PrivateKeyBlob again = CRYPTO.parsePrivate(blob.cose().clone(), ALL)) {
                assertThat(again.cose()).isEqualTo(blob.cose());
                assertThat(again.algorithm()).isEqualTo(alg);
            }

            byte[] sig = CRYPTO.sign(blob, digest, RANDOM);
            PublicKey key = TestKeys.publicKey(alg, pub);
            if (alg.outputLength() != Algorithm.VARIABLE) {
                assertThat(sig).hasSize(alg.outputLength());
            } else {
                assertThat(sig).hasSize((((RSAPublicKey) key).getModulus().bitLength() + 7) / 8);
            }
            assertThat(verify(alg, key, digest, sig)).as("signature verifies").isTrue();

            byte[] tampered = sig.clone();
            tampered[tampered.length / 2] ^= 1;
            assertThat(verifyQuietly(alg, key, digest, tampered)).as("tampered signature").isFalse();
            byte[] otherDigest = digest.clone();
            otherDigest[0] ^= 1;
            assertThat(verifyQuietly(alg, key, otherDigest, sig)).as("other digest").isFalse();
        }
    }

    private static void assertPublicShape(Algorithm alg, byte[] pub) {
        var m = TestKeys.cbor(pub);
        assertThat(m.get(com.upokecenter.cbor.CBORObject.FromObject(1)).AsInt32Value()).isEqualTo(alg.keyType().coseValue());
        assertThat(m.get(com.upokecenter.cbor.CBORObject.FromObject(3)).AsInt32Value()).isEqualTo(alg.coseId());
        switch (alg.keyType()) {
            case EC2, OKP -> assertThat(m.ContainsKey(com.upokecenter.cbor.CBORObject.FromObject(-4))).isFalse();
            case AKP -> assertThat(m.ContainsKey(com.upokecenter.cbor.CBORObject.FromObject(-2))).isFalse();
            case RSA -> assertThat(m.ContainsKey(com.upokecenter.cbor.CBORObject.FromObject(-3))).isFalse();
        }
        if (alg.publicKeyLength() != Algorithm.VARIABLE && alg.keyType() == Algorithm.KeyType.AKP) {
            assertThat(TestKeys.bstr(m, -1)).hasSize(alg.publicKeyLength());
        }
    }

    private static boolean verifyQuietly(Algorithm alg, PublicKey key, byte[] digest, byte[] sig) {
        try {
            return verify(alg, key, digest, sig);
        } catch (Exception e) {
            return false;
        }
    }

    /** The verifiers of notes §3.6: over the document where a SHA3 scheme exists, over the digest otherwise. */
    static boolean verify(Algorithm alg, PublicKey key, byte[] digest, byte[] sig) throws Exception {
        boolean overDocument = MessageDigest.isEqual(digest, MessageDigest.getInstance("SHA3-256").digest(DOCUMENT));
        Signature v;
        switch (alg.family()) {
            case ECDSA -> {
                if (!overDocument) {
                    v = Signature.getInstance("NONEwithECDSAinP1363Format");
                    v.initVerify(key);
                    v.update(digest);
                    return v.verify(sig);
                }
                v = Signature.getInstance("SHA3-256withECDSAinP1363Format");
            }
            case RSA_PKCS1 -> v = Signature.getInstance("SHA3-256withRSA");
            case RSA_PSS -> {
                v = Signature.getInstance("RSASSA-PSS");
                v.setParameter(new PSSParameterSpec("SHA3-256", "MGF1", new MGF1ParameterSpec("SHA3-256"), 32, 1));
            }
            case EDDSA -> v = Signature.getInstance("Ed25519");
            case ML_DSA -> v = Signature.getInstance("ML-DSA");
            case SLH_DSA -> v = Signature.getInstance("SLH-DSA", TestKeys.BC);
            default -> throw new IllegalArgumentException(alg.toString());
        }
        v.initVerify(key);
        boolean documentScheme = alg.family() == Algorithm.Family.ECDSA
                || alg.family() == Algorithm.Family.RSA_PKCS1 || alg.family() == Algorithm.Family.RSA_PSS;
        if (documentScheme && !overDocument) {
            return false; // a different digest cannot come from DOCUMENT: the check below must reject it
        }
        v.update(documentScheme ? DOCUMENT : digest);
        return v.verify(sig);
    }

    @ParameterizedTest
    @MethodSource("fast")
    void rejectsWrongDigestLengths(Algorithm alg) {
        if (alg.family() == Algorithm.Family.RSA_PKCS1 || alg.family() == Algorithm.Family.RSA_PSS) {
            return; // RSA keygen is slow; the check is algorithm-independent and covered by ES256
        }
        try (PrivateKeyBlob blob = CRYPTO.generate(alg, RANDOM)) {
            for (int len : new int[] {0, 31, 33, 64}) {
                assertThatThrownBy(() -> CRYPTO.sign(blob, new byte[len], RANDOM)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }
}
