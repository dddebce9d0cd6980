package io.pqrstuv.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** COSE_Key sizes and headers of notes §3.4 / §4. */
class CoseKeysTest {
    @Test
    void sizesMatchTheNotes() throws Exception {
        assertThat(cose(Algorithm.ES256)).hasSize(77);
        assertThat(cose(Algorithm.ED25519)).hasSize(42);
        assertThat(cose(Algorithm.RS256)).hasSize(272); // RSA-2048
        assertThat(cose(Algorithm.RSA_OAEP_256)).hasSize(271);
        assertThat(cose(Algorithm.ML_DSA_44)).hasSize(1322);
        assertThat(cose(Algorithm.ML_KEM_768)).hasSize(1197);
        assertThat(cose(Algorithm.SLH_DSA_SHA2_128F)).hasSize(44);
    }

    @Test
    void es256Layout() throws Exception {
        byte[] c = cose(Algorithm.ES256);
        // {1:2, 3:-7, -1:1, -2:bstr(32), -3:bstr(32)}
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(c, 10))).isEqualTo("a5010203262001215820");
        assertThat(c[42] & 0xFF).isEqualTo(0x22);
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(cose(Algorithm.ML_KEM_512), 10))).isEqualTo("a30107033a0001000020");
    }

    @Test
    void refusesTheWrongAlgorithm() throws Exception {
        byte[] spki = DeviceSignaturesTest.keys(Algorithm.ML_DSA_44).getPublic().getEncoded();
        assertThatThrownBy(() -> CoseKeys.publicCose(Algorithm.ML_DSA_65, spki)).isInstanceOf(InvalidKeyException.class);
    }

    private static byte[] cose(Algorithm a) throws Exception {
        KeyPair kp = a.isKem() ? SecretWrappingTest.keyPair(a) : DeviceSignaturesTest.keys(a);
        return CoseKeys.publicCose(a, kp.getPublic().getEncoded());
    }
}
