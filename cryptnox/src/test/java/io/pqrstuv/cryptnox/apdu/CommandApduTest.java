package io.pqrstuv.cryptnox.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.error.CardProtocolException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CommandApduTest {
    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void encodesTheShapesTheAppletTakes() {
        assertThat(hex(CommandApdu.of(0, 0xA4, 4, 0, HexFormat.of().parseHex("A0000010000112")).encode()))
                .isEqualTo("00a4040007a0000010000112");
        assertThat(hex(CommandApdu.read(0x80, 0xF7, 0, 1).encode())).isEqualTo("80f7000100");
        assertThat(hex(CommandApdu.of(0x80, 0xFA, 0, 0, null).encode())).isEqualTo("80fa0000");
        assertThat(hex(CommandApdu.of(0x80, 0xFA, 0, 1, new byte[] {1, 2}).asExtended().encode())).isEqualTo("80fa0001000002" + "0102");
        byte[] big = new byte[256];
        assertThat(hex(CommandApdu.of(0x80, 0xFC, 0, 0, big).encode())).startsWith("80fc0000000100");
        assertThat(CommandApdu.of(0x80, 0xFC, 0, 0, big).encode()).hasSize(4 + 3 + 256);
        assertThat(CommandApdu.of(0x80, 0xFC, 0, 0, new byte[255]).encode()).hasSize(4 + 1 + 255);
        assertThat(hex(new CommandApdu(0x80, 0xC2, 0, 1, null, 65536, false).encode())).isEqualTo("80c20001000000");
        assertThat(hex(new CommandApdu(0x80, 0xC2, 0, 1, new byte[] {7}, 256, false).encode())).isEqualTo("80c200010107" + "00");
    }

    @Test
    void rejectsOutOfRangeFields() {
        assertThatThrownBy(() -> CommandApdu.of(0x100, 0, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandApdu.of(0, -1, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandApdu.of(0, 0, 0, 0, new byte[65536])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommandApdu(0, 0, 0, 0, null, 65537, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNoData() {
        assertThat(CommandApdu.of(0x80, 0x20, 0, 0, "123456789".getBytes()).toString())
                .isEqualTo("80 20 00 00 (9 data bytes)").doesNotContain("1234");
    }

    @Test
    void responsesSplitTheStatusWord() throws Exception {
        ResponseApdu r = ResponseApdu.parse(new byte[] {1, 2, (byte) 0x90, 0});
        assertThat(r.ok()).isTrue();
        assertThat(r.data()).containsExactly(1, 2);
        assertThat(ResponseApdu.parse(new byte[] {0x63, (byte) 0xC2}).sw()).isEqualTo(0x63C2);
        assertThat(r.encode()).containsExactly(1, 2, 0x90, 0);
        assertThatThrownBy(() -> ResponseApdu.parse(new byte[] {0x6A})).isInstanceOf(CardProtocolException.class);
        assertThatThrownBy(() -> ResponseApdu.parse(new byte[0])).isInstanceOf(CardProtocolException.class);
    }
}
