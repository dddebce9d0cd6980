package io.pqrstuv.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §3.6: a signature made the way the storage module makes it (over d = SHA3-256(document), written
 * here independently with lower-level JCA primitives) verifies with {@link DeviceSignatures}.
 */
public class DeviceSignaturesTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final byte[] DOC = "the document".getBytes(StandardCharsets.UTF_8);
    /** DigestInfo prefix for SHA3-256 (notes D-30). */
    private static final byte[] SHA3_DIGEST_INFO = HexFormat.of().parseHex("3031300d060960864801650304020805000420");

    public static KeyPair keys(Algorithm a) throws Exception {
        return switch (a.family()) {
            case ML_DSA -> KeyPairGenerator.getInstance(a.displayName()).generateKeyPair();
            case SLH_DSA -> KeyPairGenerator.getInstance(a.displayName(), BC).generateKeyPair();
            case EDDSA -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            case ECDSA -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                yield g.generateKeyPair();
            }
            default -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                yield g.generateKeyPair();
            }
        };
    }

    /** What SIGN computes on the device, from the digest only. */
    public static byte[] deviceSign(Algorithm a, PrivateKey sk, byte[] d) throws Exception {
        Signature s;
        byte[] input = d;
        switch (a.family()) {
            case ML_DSA -> s = Signature.getInstance("ML-DSA");
            case SLH_DSA -> s = Signature.getInstance("SLH-DSA", BC);
            case EDDSA -> s = Signature.getInstance("Ed25519");
            case ECDSA -> s = Signature.getInstance("NONEwithECDSAinP1363Format");
            case RSA_PKCS1 -> {
                s = Signature.getInstance("NONEwithRSA");
                input = Arrays.copyOf(SHA3_DIGEST_INFO, SHA3_DIGEST_INFO.length + 32);
                System.arraycopy(d, 0, input, SHA3_DIGEST_INFO.length, 32);
            }
            case RSA_PSS -> {
                s = Signature.getInstance("NONEwithRSASSA-PSS", BC);
                s.setParameter(new PSSParameterSpec("SHA3-256", "MGF1", new MGF1ParameterSpec("SHA3-256"), 32, 1));
            }
            default -> throw new IllegalArgumentException();
        }
        s.initSign(sk);
        s.update(input);
        return s.sign();
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "SLH_DSA_SHA2_128F",
        "SLH_DSA_SHAKE_128F", "ED25519", "ES256", "RS256", "PS256"})
    void deviceSignatureVerifiesOverTheDocument(Algorithm a) throws Exception {
        KeyPair kp = keys(a);
        byte[] sig = deviceSign(a, kp.getPrivate(), DeviceSignatures.sha3(DOC));
        var pub = DeviceKeys.publicKey(kp.getPublic().getEncoded());
        assertThat(DeviceKeys.candidates(pub.getEncoded())).contains(a);
        assertThat(DeviceSignatures.verifyDocument(a, pub, DOC, sig)).isTrue();
        byte[] tampered = DOC.clone();
        tampered[0] ^= 1;
        assertThat(DeviceSignatures.verifyDocument(a, pub, tampered, sig)).isFalse();
        byte[] badSig = sig.clone();
        badSig[badSig.length / 2] ^= 1;
        assertThat(DeviceSignatures.verifyDocument(a, pub, DOC, badSig)).isFalse();
        assertThat(DeviceSignatures.verifyDocument(a, pub, DOC, new byte[3])).isFalse();
    }

    @Test
    void rs256AndPs256AreTheStandardSha3AlgorithmsOverTheDocument() throws Exception {
        KeyPair kp = keys(Algorithm.RS256);
        Signature jdk = Signature.getInstance("SHA3-256withRSA");
        jdk.initVerify(kp.getPublic());
        jdk.update(DOC);
        assertThat(jdk.verify(deviceSign(Algorithm.RS256, kp.getPrivate(), DeviceSignatures.sha3(DOC)))).isTrue();
        // a PS256 signature is not an RS256 one: the padding family matters
        assertThat(DeviceSignatures.verifyDocument(Algorithm.RS256, kp.getPublic(), DOC,
                deviceSign(Algorithm.PS256, kp.getPrivate(), DeviceSignatures.sha3(DOC)))).isFalse();
    }

    @Test
    void wrongAlgorithmForTheKeyIsRefused() throws Exception {
        KeyPair mldsa44 = keys(Algorithm.ML_DSA_44);
        assertThatThrownBy(() -> DeviceSignatures.verifyDocument(Algorithm.ML_DSA_65, mldsa44.getPublic(), DOC, new byte[1]))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("ML-DSA-65");
        assertThatThrownBy(() -> DeviceSignatures.verifyDocument(Algorithm.ES256, mldsa44.getPublic(), DOC, new byte[1]))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> DeviceSignatures.verifier(Algorithm.ML_KEM_512, mldsa44.getPublic()))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void malformedPublicKeys() throws Exception {
        for (byte[] bad : new byte[][] {{}, {0x30}, {0x30, 0x03, 0x02, 0x01, 0x00}, "junk".getBytes(StandardCharsets.UTF_8)}) {
            assertThatThrownBy(() -> DeviceKeys.publicKey(bad)).isInstanceOf(InvalidKeyException.class);
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        byte[] p384 = g.generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> DeviceKeys.candidates(p384)).isInstanceOf(InvalidKeyException.class);
        byte[] x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> DeviceKeys.candidates(x25519)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("not in the device profile");
        byte[] rsa = keys(Algorithm.RS256).getPublic().getEncoded();
        assertThat(DeviceKeys.candidates(rsa)).containsExactlyInAnyOrder(
                Algorithm.RS256, Algorithm.PS256, Algorithm.RSA_OAEP_256, Algorithm.RSA_OAEP_512);
    }
}
