package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.client.keys.CoseKeys;
import io.pqrstuv.client.keys.DeviceKem;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.encoding.KeyEncodings;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client's crypto against the storage module's engine (a separate implementation): device
 * signatures verify with {@link DeviceSignatures}, {@link DeviceKem} ciphertexts decapsulate on
 * the engine, and {@link CoseKeys} re-encodes the engine's public COSE_Key byte for byte.
 */
class AgainstDeviceEngineTest {
    private static final DeviceCrypto ENGINE = new JcaDeviceCrypto();
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "SLH_DSA_SHA2_128F",
        "SLH_DSA_SHAKE_192F", "ED25519", "ES256", "RS256", "PS256"})
    void engineSignaturesVerifyOverTheDocument(Algorithm a) throws Exception {
        try (PrivateKeyBlob key = ENGINE.generate(a, RANDOM)) {
            byte[] cose = ENGINE.publicCose(key);
            byte[] spki = KeyEncodings.spkiFromPublicCose(cose);
            assertThat(CoseKeys.publicCose(a, spki)).isEqualTo(cose);
            byte[] doc = ("document for " + a.displayName()).getBytes(StandardCharsets.UTF_8);
            byte[] sig = ENGINE.sign(key, DeviceSignatures.sha3(doc), RANDOM);
            assertThat(DeviceSignatures.verifyDocument(a, DeviceKeys.publicKey(spki), doc, sig)).isTrue();
            doc[0] ^= 1;
            assertThat(DeviceSignatures.verifyDocument(a, DeviceKeys.publicKey(spki), doc, sig)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"ML_KEM_512", "ML_KEM_768", "ML_KEM_1024", "RSA_OAEP_256", "RSA_OAEP_512"})
    void localEncapsulationDecapsulatesOnTheEngine(Algorithm a) throws Exception {
        try (PrivateKeyBlob key = ENGINE.generate(a, RANDOM)) {
            byte[] cose = ENGINE.publicCose(key);
            byte[] spki = KeyEncodings.spkiFromPublicCose(cose);
            assertThat(CoseKeys.publicCose(a, spki)).isEqualTo(cose);
            DeviceKem.Encapsulation e = DeviceKem.encapsulate(a, DeviceKeys.publicKey(spki), RANDOM);
            assertThat(e.ciphertext()).hasSize(ENGINE.ciphertextLength(key));
            assertThat(ENGINE.decapsulate(key, e.ciphertext())).isEqualTo(e.secret());
        }
    }
}
