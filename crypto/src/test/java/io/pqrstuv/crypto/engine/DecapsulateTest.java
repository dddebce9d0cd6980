package io.pqrstuv.crypto.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.TestKeys;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** DECAPS against encapsulations made by the JDK in the test. */
class DecapsulateTest {
    private static final JcaDeviceCrypto CRYPTO = new JcaDeviceCrypto();
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(names = {"ML_KEM_512", "ML_KEM_768", "ML_KEM_1024"})
    void mlKemMatchesJdkEncapsulation(Algorithm alg) throws Exception {
        try (PrivateKeyBlob blob = CRYPTO.generate(alg, RANDOM)) {
            PublicKey pub = TestKeys.publicKey(alg, CRYPTO.publicCose(blob));
            KEM.Encapsulated enc = KEM.getInstance("ML-KEM").newEncapsulator(pub, RANDOM).encapsulate();
            byte[] secret = enc.key().getEncoded();
            byte[] ct = enc.encapsulation();
            assertThat(CRYPTO.ciphertextLength(blob)).isEqualTo(ct.length).isEqualTo(alg.outputLength());

            assertThat(CRYPTO.decapsulate(blob, ct)).hasSize(32).isEqualTo(secret);

            // Implicit rejection (D-51): a corrupted ct gives some other 32-byte value, no error.
            byte[] bad = ct.clone();
            bad[7] ^= 0x10;
            byte[] rejected = CRYPTO.decapsulate(blob, bad);
            assertThat(rejected).hasSize(32).isNotEqualTo(secret);
            // ... and deterministically the same value for the same bad ct.
            assertThat(CRYPTO.decapsulate(blob, bad)).isEqualTo(rejected);

            assertThatThrownBy(() -> CRYPTO.decapsulate(blob, Arrays.copyOf(ct, ct.length - 1)))
                    .isInstanceOf(DecapsulationException.class);
            assertThatThrownBy(() -> CRYPTO.decapsulate(blob, Arrays.copyOf(ct, ct.length + 1)))
                    .isInstanceOf(DecapsulationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"RSA_OAEP_256", "RSA_OAEP_512"})
    void rsaOaepMatchesJcaEncryption(Algorithm alg) throws Exception {
        String hash = alg == Algorithm.RSA_OAEP_256 ? "SHA-256" : "SHA-512";
        MGF1ParameterSpec mgf = alg == Algorithm.RSA_OAEP_256 ? MGF1ParameterSpec.SHA256 : MGF1ParameterSpec.SHA512;
        try (PrivateKeyBlob blob = CRYPTO.generate(alg, RANDOM)) {
            PublicKey pub = TestKeys.publicKey(alg, CRYPTO.publicCose(blob));
            assertThat(CRYPTO.ciphertextLength(blob)).isEqualTo(384);
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.ENCRYPT_MODE, pub, new OAEPParameterSpec(hash, "MGF1", mgf, PSource.PSpecified.DEFAULT), RANDOM);
            byte[] ct = c.doFinal(secret);

            assertThat(CRYPTO.decapsulate(blob, ct)).isEqualTo(secret);

            byte[] bad = ct.clone();
            bad[100] ^= 1;
            assertThatThrownBy(() -> CRYPTO.decapsulate(blob, bad)).isInstanceOf(DecapsulationException.class);
            assertThatThrownBy(() -> CRYPTO.decapsulate(blob, Arrays.copyOf(ct, 383))).isInstanceOf(DecapsulationException.class);

            // The MGF1-SHA-1 default of "OAEPWithSHA-256AndMGF1Padding" must not decrypt (notes §3.6 pitfall).
            Cipher wrongMgf = Cipher.getInstance("RSA/ECB/OAEPWith" + hash + "AndMGF1Padding");
            wrongMgf.init(Cipher.ENCRYPT_MODE, pub, RANDOM);
            byte[] ctSha1Mgf = wrongMgf.doFinal(secret);
            assertThatThrownBy(() -> CRYPTO.decapsulate(blob, ctSha1Mgf)).isInstanceOf(DecapsulationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"ML_DSA_44", "ED25519"})
    void signatureKeysCannotDecapsulate(Algorithm alg) {
        try (PrivateKeyBlob blob = CRYPTO.generate(alg, RANDOM)) {
            assertThatThrownBy(() -> CRYPTO.decapsulate(blob, new byte[32])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CRYPTO.ciphertextLength(blob)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"ML_KEM_768"})
    void kemKeysCannotSign(Algorithm alg) {
        try (PrivateKeyBlob blob = CRYPTO.generate(alg, RANDOM)) {
            assertThatThrownBy(() -> CRYPTO.sign(blob, new byte[32], RANDOM)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
