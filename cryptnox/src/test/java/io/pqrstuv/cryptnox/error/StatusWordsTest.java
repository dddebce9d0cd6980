package io.pqrstuv.cryptnox.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every status word of notes §1.4 becomes its exception. */
class StatusWordsTest {
    static CardStatusException map(int sw) {
        return StatusWords.toException(sw, "OP", StatusWords.Counter.PIN);
    }

    @Test
    void theDocumentedTable() {
        assertThat(map(0x6982)).isInstanceOf(SecureChannelException.class);
        assertThat(map(0x6A80)).isInstanceOf(DataValidationException.class);
        assertThat(map(0x6700)).isInstanceOf(DataValidationException.class);
        assertThat(map(0x6A82)).isInstanceOf(AppletNotFoundException.class);
        assertThat(map(0x6985)).isInstanceOf(ConditionsNotSatisfiedException.class);
        for (int x = 0; x <= 0xF; x++) {
            CardStatusException e = map(0x63C0 | x);
            assertThat(e).isExactlyInstanceOf(PinException.class);
            assertThat(((PinException) e).triesLeft()).isEqualTo(x);
            assertThat(e.getMessage()).contains(x == 1 ? "1 try left" : x + " tries left");
            CardStatusException p = map(0x9840 | x);
            assertThat(p).isInstanceOf(PukException.class);
            assertThat(((PukException) p).triesLeft()).isEqualTo(x);
        }
        assertThat(StatusWords.toException(0x63C5, "UNBLOCK PIN", StatusWords.Counter.PUK))
                .isInstanceOfSatisfying(PukException.class, e -> assertThat(e.triesLeft()).isEqualTo(5));
        assertThat(map(0x6983)).isExactlyInstanceOf(AuthenticationMethodBlockedException.class);
        assertThat(map(0x6984)).isExactlyInstanceOf(InvalidDataException.class);
        assertThat(map(0x6986)).isExactlyInstanceOf(CommandNotAllowedException.class);
        assertThat(map(0x6A86)).isExactlyInstanceOf(IncorrectParametersException.class);
        assertThat(map(0x6B00)).isExactlyInstanceOf(IncorrectParametersException.class);
        assertThat(map(0x6A88)).isExactlyInstanceOf(ReferencedDataNotFoundException.class);
        assertThat(map(0x6D00)).isExactlyInstanceOf(InstructionNotSupportedException.class);
        for (int sw : new int[] {0x6F00, 0x6E00, 0x6A84}) {
            assertThat(map(sw)).isExactlyInstanceOf(CardStatusException.class);
        }
        for (int sw : new int[] {0x6983, 0x6984, 0x6986, 0x6A86, 0x6A88, 0x6B00, 0x6D00, 0x6F00, 0x6E00}) {
            CardStatusException e = map(sw);
            assertThat(e.statusWord()).isEqualTo(sw);
            assertThat(e.getMessage()).startsWith("OP: ").contains(CardStatusException.hex(sw));
        }
        assertThatThrownBy(() -> map(0x9000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFamilyIsSealed() {
        assertThat(CryptnoxException.class.isSealed()).isTrue();
        assertThat(CardStatusException.class.isSealed()).isTrue();
        assertThat(PinException.class.isSealed()).isTrue();
        assertThat(new PinBlockedException(0x63C0, "x")).isInstanceOf(PinException.class);
    }
}
