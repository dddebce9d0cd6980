package io.pqrstuv.icp;

import static io.pqrstuv.icp.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuthTokenTest {
    private static final byte[] NONCE = Vectors.TOKEN_000102; // 00 01 .. 0F

    @Test
    void emptyFactorySecretVector() {
        assertThat(AuthToken.compute(new byte[0], NONCE)).isEqualTo(hex("BE45CB2605BF36BEBDE684841A28F0FD"));
    }

    @Test
    void correctHorseVector() {
        byte[] secret = "correct horse".getBytes(StandardCharsets.UTF_8);
        assertThat(AuthToken.compute(secret, NONCE)).isEqualTo(hex("35A7E539BF2D72E27381958EC770CCBC"));
        assertThat(secret).isEqualTo("correct horse".getBytes(StandardCharsets.UTF_8)); // input untouched
    }

    @Test
    void orderIsSecretThenNonce() {
        // H(nonce ‖ secret) must differ: D-9 fixes secret ‖ nonce.
        byte[] secret = "correct horse".getBytes(StandardCharsets.UTF_8);
        assertThat(AuthToken.compute(NONCE, secret)).isNotEqualTo(AuthToken.compute(secret, NONCE));
    }

    @Test
    void matchesComparesWholeTokens() {
        byte[] t = hex("35A7E539BF2D72E27381958EC770CCBC");
        assertThat(AuthToken.matches(t, t.clone())).isTrue();
        byte[] last = t.clone();
        last[15] ^= 1;
        assertThat(AuthToken.matches(t, last)).isFalse();
        assertThat(AuthToken.matches(t, java.util.Arrays.copyOf(t, 15))).isFalse();
    }
}
