package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.alg.Algorithm;
import org.junit.jupiter.api.Test;

/** Expected times against the notes §4 table ("incl. INIT" column). */
class WireTimeTest {
    @Test
    void matchesTheWireTable() {
        assertThat(WireTime.sign(Algorithm.ES256).toMillis()).isEqualTo(360);
        assertThat(WireTime.sign(Algorithm.ML_DSA_65).toMillis()).isEqualTo(3741);
        assertThat(WireTime.sign(Algorithm.SLH_DSA_SHA2_256F).toMillis()).isEqualTo(52227);
        assertThat(WireTime.sign(Algorithm.RS256).toMillis()).isEqualTo(694); // RSA-3072 (D-41)
        assertThat(WireTime.decapsulate(Algorithm.ML_KEM_768).toMillis()).isEqualTo(1427);
        assertThat(WireTime.publicKey(Algorithm.ML_DSA_87).toMillis()).isBetween(2960L, 2985L); // table 2.971
    }
}
