package io.pqrstuv.icp;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command.OpData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandTest {

    /** Notes §0.3 and D-6, copied as text: code, name, authenticated, op-data rule. */
    @ParameterizedTest
    @CsvSource({
        "0x00, GET_INFO, false, EMPTY",
        "0x01, PING, false, ANY",
        "0x02, INIT, false, EMPTY",
        "0x10, SEC_SET_INIT, true, ALG_ID",
        "0x11, SEC_SET_CONF, true, ANY",
        "0x20, DEV_RST, true, EMPTY",
        "0x21, CRYPTO_RST, true, EMPTY",
        "0x30, KEYGEN, true, ALG_ID",
        "0x31, KEY_LST, true, ALG_ID",
        "0x32, KEY_DEL, true, KEY_ID",
        "0x33, IMPORT, true, ANY",
        "0x34, GET_PUB, true, KEY_ID",
        "0x40, DECAPS, true, KEY_ID_AND_MORE",
        "0x41, SIGN, true, KEY_ID_AND_MORE",
    })
    void table(String hexCode, Command command, boolean authenticated, OpData rule) {
        int code = Integer.decode(hexCode);
        assertThat(command.code()).isEqualTo(code);
        assertThat(command.toByte()).isEqualTo((byte) code);
        assertThat(Command.fromCode(code)).contains(command);
        assertThat(Command.fromCode((byte) code)).contains(command);
        assertThat(command.authenticated()).isEqualTo(authenticated);
        assertThat(command.opData()).isEqualTo(rule);
    }

    @Test
    void fourteenCommandsAndNoOthers() {
        assertThat(Command.values()).hasSize(14);
        long known = java.util.stream.IntStream.range(0, 256).filter(b -> Command.fromCode(b).isPresent()).count();
        assertThat(known).isEqualTo(14);
        assertThat(Command.fromCode(0xFF)).isEmpty();
        assertThat(Command.fromCode(0x03)).isEmpty();
        assertThat(Command.fromCode(0x42)).isEmpty();
    }

    @Test
    void opDataRules() {
        assertThat(accepted(OpData.EMPTY)).containsExactly(0);
        assertThat(accepted(OpData.ALG_ID)).containsExactly(3);
        assertThat(accepted(OpData.KEY_ID)).containsExactly(16);
        assertThat(OpData.KEY_ID_AND_MORE.accepts(15)).isFalse();
        assertThat(OpData.KEY_ID_AND_MORE.accepts(16)).isTrue();
        assertThat(OpData.KEY_ID_AND_MORE.accepts(48)).isTrue();
        assertThat(OpData.KEY_ID_AND_MORE.accepts(49_939)).isTrue();
        assertThat(OpData.ANY.accepts(0)).isTrue();
        assertThat(OpData.ANY.accepts(49_939)).isTrue();
    }

    @Test
    void everyCommandRuleAgainstEveryLength() {
        for (Command c : Command.values()) {
            for (int len = 0; len <= 40; len++) {
                boolean expected = switch (c) {
                    case GET_INFO, INIT, DEV_RST, CRYPTO_RST -> len == 0;
                    case SEC_SET_INIT, KEYGEN, KEY_LST -> len == 3;
                    case KEY_DEL, GET_PUB -> len == 16;
                    case DECAPS, SIGN -> len >= 16;
                    case PING, SEC_SET_CONF, IMPORT -> true;
                };
                assertThat(c.opData().accepts(len)).as("%s with %d bytes", c, len).isEqualTo(expected);
            }
        }
    }

    private static int[] accepted(OpData rule) {
        return java.util.stream.IntStream.rangeClosed(0, 100).filter(rule::accepts).toArray();
    }

    @Test
    void unauthenticatedOnesAreExactlyTheThree() {
        assertThat(Arrays.stream(Command.values()).filter(c -> !c.authenticated()))
                .containsExactly(Command.GET_INFO, Command.PING, Command.INIT);
    }
}
