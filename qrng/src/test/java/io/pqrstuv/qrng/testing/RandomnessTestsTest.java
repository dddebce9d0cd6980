package io.pqrstuv.qrng.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The statistical tests themselves: SP 800-22's worked examples, and they reject biased data. */
class RandomnessTestsTest {
    @Test
    void sp80022Examples() {
        // §2.1.8 example: epsilon = 1011010101 (n = 10), P-value = 0.527089. Padded into whole bytes
        // is not possible, so check erfc against the document's numbers instead.
        assertThat(RandomnessTests.erfc(0.632455532 / Math.sqrt(2))).isCloseTo(0.527089, within(1e-6));
        // §2.3.8 example: n = 10, pi = 0.6, V = 7: P-value = 0.147232.
        double num = Math.abs(7 - 2.0 * 10 * 0.6 * 0.4);
        double den = 2 * Math.sqrt(2.0 * 10) * 0.6 * 0.4;
        assertThat(RandomnessTests.erfc(num / den)).isCloseTo(0.147232, within(1e-6));
    }

    @Test
    void biasedAndRegularDataFail() {
        byte[] biased = new byte[1 << 16];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < biased.length; i++) {
            biased[i] = (byte) (r.nextInt(256) | 0x01); // one bit always set
        }
        assertThat(RandomnessTests.monobit(biased).pValue()).isLessThan(0.01);
        byte[] alternating = new byte[1 << 16];
        java.util.Arrays.fill(alternating, (byte) 0x55); // balanced but too many runs
        assertThat(RandomnessTests.monobit(alternating).pValue()).isGreaterThan(0.99);
        assertThat(RandomnessTests.runs(alternating).pValue()).isLessThan(0.01);
    }
}
