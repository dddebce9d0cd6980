package io.pqrstuv.cryptnox.derivation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DerivationPathTest {
    @Test
    void parsesAbsoluteAndRelativePaths() {
        DerivationPath p = DerivationPath.parse("m/44'/60'/0'/0/0");
        assertThat(p.source()).isEqualTo(DerivationPath.Source.MASTER);
        assertThat(HexFormat.of().formatHex(p.toBytes())).isEqualTo("8000002c8000003c800000000000000000000000");
        assertThat(p).hasToString("m/44'/60'/0'/0/0");
        assertThat(DerivationPath.parse("m/44h/60H/0'")).isEqualTo(DerivationPath.parse("m/44'/60'/0'"));
        assertThat(DerivationPath.parse("../1").source()).isEqualTo(DerivationPath.Source.PARENT);
        assertThat(DerivationPath.parse("./0/1").source()).isEqualTo(DerivationPath.Source.CURRENT);
        assertThat(DerivationPath.parse("m").depth()).isZero();
        assertThat(DerivationPath.parse("m/2147483647'").indexes()[0]).isEqualTo(-1);
        assertThat(DerivationPath.parse("m/1/2/3/4/5/6/7/8").depth()).isEqualTo(8);
        assertThat(DerivationPath.fromBytes(DerivationPath.Source.MASTER, p.toBytes())).isEqualTo(p);
        assertThat(DerivationPath.Source.CURRENT.p1Bits()).isEqualTo(0x80);
        assertThat(DerivationPath.Source.PARENT.p1Bits()).isEqualTo(0x40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "44'/0", "m/", "m//1", "m/1/", "m/-1", "m/+1", "m/2147483648", "m/1''", "m/01",
        "m/1/2/3/4/5/6/7/8/9", "m/0x10", "x/1", "m/1 /2", "m/99999999999", "m/1'h"})
    void rejectsMalformedPaths(String s) {
        assertThatThrownBy(() -> DerivationPath.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBytesThatAreNotWholeIndexes() {
        assertThatThrownBy(() -> DerivationPath.fromBytes(DerivationPath.Source.MASTER, new byte[5]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void curvesByName() {
        assertThat(KeyType.parse("k1")).isEqualTo(KeyType.K1);
        assertThat(KeyType.parse("R1")).isEqualTo(KeyType.R1);
        assertThat(KeyType.parse("secp256r1")).isEqualTo(KeyType.R1);
        assertThatThrownBy(() -> KeyType.parse("ed25519")).isInstanceOf(IllegalArgumentException.class);
    }
}
