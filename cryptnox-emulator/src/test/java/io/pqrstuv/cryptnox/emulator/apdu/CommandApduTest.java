package io.pqrstuv.cryptnox.emulator.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The APDU shapes of notes §1.3, and malformed lengths. */
class CommandApduTest {
    private static CommandApdu parse(String hex) {
        return CommandApdu.parse(HexFormat.of().parseHex(hex));
    }

    @Test
    void shapesTheLibraryEmits() {
        CommandApdu case1 = parse("80F80000");
        assertThat(case1.data()).isEmpty();
        assertThat(case1.le()).isEqualTo(-1);
        CommandApdu case2 = parse("80F7000100");
        assertThat(case2.data()).isEmpty();
        assertThat(case2.le()).isEqualTo(256);
        CommandApdu case3 = parse("00A4040007A0000010000112");
        assertThat(case3.cla()).isZero();
        assertThat(case3.ins()).isEqualTo(0xA4);
        assertThat(case3.data()).hasSize(7);
        assertThat(case3.extended()).isFalse();
        CommandApdu ext = parse("80FA0001000020" + "11".repeat(32));
        assertThat(ext.extended()).isTrue();
        assertThat(ext.data()).hasSize(32);
        CommandApdu big = parse("80FC000000" + "04D0" + "22".repeat(1232));
        assertThat(big.data()).hasSize(1232);
        CommandApdu case4 = parse("80F8000008010203040506070800");
        assertThat(case4.data()).hasSize(8);
    }

    @Test
    void case4WithLeAndExtendedCase2() {
        assertThat(parse("80CA00000201FF00").le()).isEqualTo(256);
        assertThat(parse("80CA0000000000").extended()).isTrue();
        assertThat(parse("80CA00000004D2").le()).isEqualTo(1234);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "80", "80F8", "80F800", "80F800000001", "80F800000801", "80F8000002010203040506",
        "80F800000000", "80F8000000000201", "80F80000000000"})
    void inconsistentLengthsAre6700(String hex) {
        if (hex.equals("80F80000000000")) {
            // 7 bytes with 00 00 00: extended case 2 with Le = 65536, which is valid
            assertThat(parse(hex).le()).isEqualTo(65536);
            return;
        }
        assertThatThrownBy(() -> parse(hex)).isInstanceOf(SwException.class)
                .satisfies(e -> assertThat(((SwException) e).sw()).isEqualTo(0x6700));
    }

    @Test
    void toStringNeverShowsData() {
        assertThat(parse("8020000009313233340000000000").toString()).doesNotContain("31").contains("9 data bytes");
    }
}
