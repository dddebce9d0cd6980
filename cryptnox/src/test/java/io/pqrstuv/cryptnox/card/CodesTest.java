package io.pqrstuv.cryptnox.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CodesTest {
    @Test
    void pinsArePaddedToNineBytes() {
        assertThat(HexFormat.of().formatHex(Codes.pin("1234".toCharArray()))).isEqualTo("313233340000000000");
        assertThat(Codes.pin("123456789".toCharArray())).hasSize(9);
        assertThat(Codes.puk("ABCDEFGHIJKL".toCharArray())).hasSize(12);
    }

    @Test
    void badCodesAreRejectedWithoutEchoingThem() {
        for (String bad : new String[] {"123", "1234567890", "12a4", "", "１２３４"}) {
            assertThatThrownBy(() -> Codes.pin(bad.toCharArray())).isInstanceOf(IllegalArgumentException.class)
                    .message().doesNotContain(bad.isEmpty() ? "\u0000" : bad);
        }
        for (String bad : new String[] {"ABCDEFGHIJK", "ABCDEFGHIJKLM", "ABCDEFGHIJKé", "ABCDEFGHIJK\n"}) {
            assertThatThrownBy(() -> Codes.puk(bad.toCharArray())).isInstanceOf(IllegalArgumentException.class)
                    .message().doesNotContain(bad);
        }
        assertThatThrownBy(() -> Codes.pin(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void selectAndInfoParsing() throws Exception {
        byte[] sel = HexFormat.of().parseHex("42010601" + "0064" + "0001" + "00".repeat(15) + "01");
        SelectResponse s = SelectResponse.parse(sel);
        assertThat(s.version()).hasToString("1.6.1");
        assertThat(s.initialized()).isTrue();
        assertThat(s.seedLoaded()).isTrue();
        assertThat(s.pinAuthentication()).isFalse();
        assertThat(s.extendedPublicKeyExport()).isTrue();
        assertThat(s.userKey(1)).isTrue();
        assertThat(s.userKey(2)).isFalse();
        assertThat(s.customBytes()[15]).isEqualTo((byte) 1);
        assertThatThrownBy(() -> SelectResponse.parse(new byte[23])).isInstanceOf(io.pqrstuv.cryptnox.error.CardProtocolException.class);

        CardInfo i = CardInfo.parse(HexFormat.of().parseHex("4c" + "05416c696365" + "0161" + "00000102"));
        assertThat(i).isEqualTo(new CardInfo(SeedSource.EXTERNAL, "Alice", "a", 258));
        for (String bad : new String[] {"", "4c", "4c05416c", "5a0000" + "00000000", "4c0000000000", "4c00000000000000"}) {
            assertThatThrownBy(() -> CardInfo.parse(HexFormat.of().parseHex(bad)))
                    .isInstanceOf(io.pqrstuv.cryptnox.error.CardProtocolException.class);
        }
    }
}
