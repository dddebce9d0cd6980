package io.pqrstuv.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.crypto.encoding.KeyEncodings;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SPKI output, public COSE validation, JCA keys, and the verifier/encapsulator round trips. */
class KeyEncodingsTest {
    private static final JcaDeviceCrypto CRYPTO = new JcaDeviceCrypto();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Algorithm, PrivateKeyBlob> KEYS = new EnumMap<>(Algorithm.class);
    private static final Set<Algorithm> SUBJECTS = EnumSet.of(Algorithm.ES256, Algorithm.ED25519, Algorithm.RS256,
            Algorithm.PS256, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87, Algorithm.SLH_DSA_SHA2_128F,
            Algorithm.SLH_DSA_SHAKE_192F, Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024,
            Algorithm.RSA_OAEP_256, Algorithm.RSA_OAEP_512);

    @BeforeAll
    static void generate() throws Exception {
        PrivateKeyBlob rsa = CRYPTO.generate(Algorithm.RS256, RANDOM);
        for (Algorithm a : SUBJECTS) {
            if (a.keyType() == Algorithm.KeyType.RSA) {
                // One RSA key relabelled per usage keeps RSA keygen out of the loop.
                CBORObject m = CBORObject.DecodeFromBytes(rsa.cose());
                m.set(CBORObject.FromObject(3), CBORObject.FromObject(a.coseId()));
                KEYS.put(a, new PrivateKeyBlob(a, m.EncodeToBytes(new CBOREncodeOptions("ctap2canonical=true"))));
            } else {
                KEYS.put(a, CRYPTO.generate(a, RANDOM));
            }
        }
    }

    static Stream<Algorithm> subjects() {
        return SUBJECTS.stream();
    }

    static int expectedSpkiSize(Algorithm a) {
        return switch (a) {
            case ES256 -> 91;
            case ED25519 -> 44;
            case RS256, PS256, RSA_OAEP_256, RSA_OAEP_512 -> 422;
            case ML_DSA_44 -> 1334;
            case ML_DSA_65 -> 1974;
            case ML_DSA_87 -> 2614;
            case ML_KEM_512 -> 822;
            case ML_KEM_768 -> 1206;
            case ML_KEM_1024 -> 1590;
            case SLH_DSA_SHA2_128F -> 50;
            case SLH_DSA_SHAKE_192F -> 66;
            default -> throw new IllegalArgumentException();
        };
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void spkiParsesWithKeyFactoryAndMatchesTheKey(Algorithm a) throws Exception {
        byte[] pub = CRYPTO.publicCose(KEYS.get(a));
        assertThat(KeyEncodings.algorithmOfPublicCose(pub)).isEqualTo(a);
        byte[] spki = KeyEncodings.spkiFromPublicCose(pub);
        assertThat(spki).hasSize(expectedSpkiSize(a));
        String factory = switch (a.family()) {
            case ECDSA -> "EC";
            case EDDSA -> "Ed25519";
            case RSA_PKCS1, RSA_PSS, RSA_OAEP -> "RSA";
            case ML_DSA -> "ML-DSA";
            case ML_KEM -> "ML-KEM";
            case SLH_DSA -> "SLH-DSA";
        };
        KeyFactory kf = a.family() == Algorithm.Family.SLH_DSA
                ? KeyFactory.getInstance(factory, TestKeys.BC) : KeyFactory.getInstance(factory);
        PublicKey parsed = kf.generatePublic(new X509EncodedKeySpec(spki));
        // The key built independently from the COSE parts re-encodes to the same SPKI.
        assertThat(TestKeys.publicKey(a, pub).getEncoded()).isEqualTo(spki);
        assertThat(parsed.getEncoded()).isEqualTo(spki);
        assertThat(KeyEncodings.publicKeyFromSpki(spki).getEncoded()).isEqualTo(spki);
        assertThat(KeyEncodings.publicKeyFromCose(pub).getEncoded()).isEqualTo(spki);
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void signaturesVerifyAndKemsRoundTrip(Algorithm a) throws Exception {
        PublicKey key = KeyEncodings.publicKeyFromCose(CRYPTO.publicCose(KEYS.get(a)));
        if (a.isSignature()) {
            byte[] document = ("doc for " + a).getBytes();
            byte[] digest = SignDigest.of(document);
            byte[] sig = CRYPTO.sign(KEYS.get(a), digest, RANDOM);
            assertThat(Signatures.verifyDigest(a, key, digest, sig)).isTrue();
            assertThat(Signatures.verifyDocument(a, key, document, sig)).isTrue();
            assertThat(Signatures.verifyDocument(a, key, "other".getBytes(), sig)).isFalse();
            byte[] bad = sig.clone();
            bad[bad.length - 1] ^= 1;
            assertThat(Signatures.verifyDigest(a, key, digest, bad)).isFalse();
            assertThat(Signatures.verifyDigest(a, key, new byte[31], sig)).isFalse();
            assertThatThrownBy(() -> Kem.encapsulate(a, key, RANDOM)).isInstanceOf(IllegalArgumentException.class);
        } else {
            Kem.Encapsulation enc = Kem.encapsulate(a, key, RANDOM);
            assertThat(enc.secret()).hasSize(32);
            assertThat(enc.ciphertext()).hasSize(CRYPTO.ciphertextLength(KEYS.get(a)));
            assertThat(CRYPTO.decapsulate(KEYS.get(a), enc.ciphertext())).isEqualTo(enc.secret());
            assertThat(enc.toString()).doesNotContain(java.util.HexFormat.of().formatHex(enc.secret()));
            assertThatThrownBy(() -> Signatures.verifyDigest(a, key, new byte[32], new byte[10]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void algorithmAndKeyMustAgree() throws Exception {
        PublicKey kem768 = KeyEncodings.publicKeyFromCose(CRYPTO.publicCose(KEYS.get(Algorithm.ML_KEM_768)));
        assertThatThrownBy(() -> Kem.encapsulate(Algorithm.ML_KEM_512, kem768, RANDOM)).isInstanceOf(IllegalArgumentException.class);
        PublicKey dsa65 = KeyEncodings.publicKeyFromCose(CRYPTO.publicCose(KEYS.get(Algorithm.ML_DSA_65)));
        byte[] digest = SignDigest.of(new byte[0]);
        byte[] sig = CRYPTO.sign(KEYS.get(Algorithm.ML_DSA_65), digest, RANDOM);
        assertThat(Signatures.verifyDigest(Algorithm.ML_DSA_65, dsa65, digest, sig)).isTrue();
        assertThat(Signatures.verifyDigest(Algorithm.ML_DSA_44, dsa65, digest, sig)).isFalse();
        PublicKey ed = KeyEncodings.publicKeyFromCose(CRYPTO.publicCose(KEYS.get(Algorithm.ED25519)));
        assertThatThrownBy(() -> Signatures.verifyDigest(Algorithm.ES256, ed, digest, new byte[64]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sha3MatchesTheKnownVector() {
        // FIPS 202 SHA3-256("abc").
        assertThat(java.util.HexFormat.of().formatHex(SignDigest.of("abc".getBytes())))
                .isEqualTo("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    }

    @Test
    void publicCoseValidation() {
        byte[] priv = KEYS.get(Algorithm.ES256).cose();
        assertThatThrownBy(() -> KeyEncodings.algorithmOfPublicCose(priv)).isInstanceOf(CoseKeyException.class)
                .extracting(e -> ((CoseKeyException) e).reason()).isEqualTo(CoseKeyException.Reason.SYNTAX);
        assertThatThrownBy(() -> KeyEncodings.spkiFromPublicCose(new byte[] {1, 2}))
                .extracting(e -> ((CoseKeyException) e).reason()).isEqualTo(CoseKeyException.Reason.SYNTAX);
        CBORObject m = CBORObject.DecodeFromBytes(CRYPTO.publicCose(KEYS.get(Algorithm.ES256)));
        m.get(CBORObject.FromObject(-3)).GetByteString()[5] ^= 1;
        byte[] offCurve = m.EncodeToBytes(new CBOREncodeOptions("ctap2canonical=true"));
        assertThatThrownBy(() -> KeyEncodings.publicKeyFromCose(offCurve))
                .extracting(e -> ((CoseKeyException) e).reason()).isEqualTo(CoseKeyException.Reason.MISMATCH);
        CBORObject k = CBORObject.DecodeFromBytes(CRYPTO.publicCose(KEYS.get(Algorithm.ML_KEM_768)));
        k.set(CBORObject.FromObject(-1), CBORObject.FromObject(new byte[1183]));
        byte[] shortPub = k.EncodeToBytes(new CBOREncodeOptions("ctap2canonical=true"));
        assertThatThrownBy(() -> KeyEncodings.algorithmOfPublicCose(shortPub))
                .extracting(e -> ((CoseKeyException) e).reason()).isEqualTo(CoseKeyException.Reason.MISMATCH);
    }

    @Test
    void spkiErrors() throws Exception {
        assertThatThrownBy(() -> KeyEncodings.publicKeyFromSpki(new byte[] {0x30, 0x03, 1}))
                .extracting(e -> ((Pkcs8Exception) e).reason()).isEqualTo(Pkcs8Exception.Reason.DECODE);
        assertThatThrownBy(() -> KeyEncodings.publicKeyFromSpki(new byte[0]))
                .extracting(e -> ((Pkcs8Exception) e).reason()).isEqualTo(Pkcs8Exception.Reason.DECODE);
        // X25519 (1.3.101.110) is well-formed SPKI but outside the profile.
        byte[] x25519 = java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> KeyEncodings.publicKeyFromSpki(x25519))
                .extracting(e -> ((Pkcs8Exception) e).reason()).isEqualTo(Pkcs8Exception.Reason.UNSUPPORTED);
    }
}
