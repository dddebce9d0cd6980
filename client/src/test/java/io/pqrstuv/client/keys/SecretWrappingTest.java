package io.pqrstuv.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** D-13 wrapping, checked by an independent unwrap written from the notes (what the storage module does). */
public class SecretWrappingTest {
    public static KeyPair keyPair(Algorithm a) throws Exception {
        return switch (a) {
            case ML_KEM_512, ML_KEM_768, ML_KEM_1024 -> KeyPairGenerator.getInstance(a.displayName()).generateKeyPair();
            default -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                yield g.generateKeyPair();
            }
        };
    }

    /** The device side: last ctLen bytes are the KEM/OAEP ciphertext, the rest IV ‖ C ‖ T. */
    public static byte[] unwrap(Algorithm a, PrivateKey sk, byte[] encryptedSecret, byte[] symmetricKey) {
        try {
            byte[] key;
            if (a.family() == Algorithm.Family.ML_KEM) {
                key = KEM.getInstance("ML-KEM").newDecapsulator(sk).decapsulate(symmetricKey).getEncoded();
            } else {
                Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
                String h = a == Algorithm.RSA_OAEP_256 ? "SHA-256" : "SHA-512";
                oaep.init(Cipher.DECRYPT_MODE, sk, new javax.crypto.spec.OAEPParameterSpec(h, "MGF1",
                        new java.security.spec.MGF1ParameterSpec(h), javax.crypto.spec.PSource.PSpecified.DEFAULT));
                key = oaep.doFinal(symmetricKey);
            }
            assertThat(key).hasSize(32);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, encryptedSecret, 0, 12));
            return gcm.doFinal(encryptedSecret, 12, encryptedSecret.length - 12);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"ML_KEM_512", "ML_KEM_768", "ML_KEM_1024", "RSA_OAEP_256", "RSA_OAEP_512"})
    void wrapsForEveryTransportAlgorithm(Algorithm a) throws Exception {
        KeyPair kp = keyPair(a);
        byte[] secret = "correct horse".getBytes(StandardCharsets.UTF_8);
        SecretWrapping.Wrapped w = SecretWrapping.wrap(a, kp.getPublic(), secret, new SecureRandom());
        assertThat(w.encryptedSecret()).hasSize(12 + secret.length + 16);
        int ctLen = a.family() == Algorithm.Family.ML_KEM ? a.outputLength() : 256;
        assertThat(w.symmetricKey()).hasSize(ctLen);
        assertThat(unwrap(a, kp.getPrivate(), w.encryptedSecret(), w.symmetricKey())).isEqualTo(secret);
        assertThat(secret).isEqualTo("correct horse".getBytes(StandardCharsets.UTF_8)); // input untouched
    }

    @Test
    void emptyAndLongestSecrets() throws Exception {
        KeyPair kp = keyPair(Algorithm.ML_KEM_512);
        for (int len : new int[] {0, 1023}) {
            byte[] s = new byte[len];
            Arrays.fill(s, (byte) 'x');
            SecretWrapping.Wrapped w = SecretWrapping.wrap(Algorithm.ML_KEM_512, kp.getPublic(), s, new SecureRandom());
            assertThat(unwrap(Algorithm.ML_KEM_512, kp.getPrivate(), w.encryptedSecret(), w.symmetricKey())).isEqualTo(s);
        }
        assertThatThrownBy(() -> SecretWrapping.wrap(Algorithm.ML_KEM_512, kp.getPublic(), new byte[1024], new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oaep256UsesMgf1Sha256NotSha1() throws Exception {
        KeyPair kp = keyPair(Algorithm.RSA_OAEP_256);
        SecretWrapping.Wrapped w = SecretWrapping.wrap(Algorithm.RSA_OAEP_256, kp.getPublic(), new byte[] {1}, new SecureRandom());
        Cipher jdkDefault = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding"); // MGF1-SHA-1: the pitfall
        jdkDefault.init(Cipher.DECRYPT_MODE, kp.getPrivate());
        assertThatThrownBy(() -> jdkDefault.doFinal(w.symmetricKey())).isInstanceOf(Exception.class);
    }

    @Test
    void keyOfTheWrongAlgorithmIsRefused() throws Exception {
        KeyPair mlkem512 = keyPair(Algorithm.ML_KEM_512);
        KeyPair rsa = keyPair(Algorithm.RSA_OAEP_256);
        SecureRandom r = new SecureRandom();
        assertThatThrownBy(() -> SecretWrapping.wrap(Algorithm.ML_KEM_768, mlkem512.getPublic(), new byte[1], r))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("ML-KEM-768");
        assertThatThrownBy(() -> SecretWrapping.wrap(Algorithm.ML_KEM_512, rsa.getPublic(), new byte[1], r))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> SecretWrapping.wrap(Algorithm.ML_DSA_44, rsa.getPublic(), new byte[1], r))
                .isInstanceOf(InvalidKeyException.class);
    }
}
