package io.pqrstuv.cryptnox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The ATR: well-formed (TCK), offers T=1 only, says what it is. */
class AtrTest {
    @Test
    void atrIsWellFormedAndOffersOnlyT1() {
        byte[] atr = Atr.bytes();
        assertThat(atr[0]).isEqualTo((byte) 0x3B);
        int t0 = atr[1] & 0xFF;
        int k = t0 & 0x0F;
        // walk the interface bytes
        int i = 2;
        int y = t0 >> 4;
        int protocols = 0;
        while (true) {
            i += Integer.bitCount(y & 0x7);
            if ((y & 0x8) == 0) {
                break;
            }
            int td = atr[i++] & 0xFF;
            protocols |= 1 << (td & 0x0F);
            y = td >> 4;
        }
        assertThat(protocols).as("T=1 only").isEqualTo(1 << 1);
        assertThat(new String(Arrays.copyOfRange(atr, i, i + k), StandardCharsets.US_ASCII)).isEqualTo("CryptnoxEmu1");
        int tck = 0;
        for (int j = 1; j < atr.length; j++) {
            tck ^= atr[j] & 0xFF;
        }
        assertThat(tck).as("TCK makes the XOR of T0..TCK zero").isZero();
        assertThat(atr).hasSize(i + k + 1);
    }
}
