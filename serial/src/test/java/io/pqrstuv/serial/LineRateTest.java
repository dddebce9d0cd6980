package io.pqrstuv.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LineRateTest {

    @Test
    void ninetySixHundredIs960BytesPerSecond() {
        LineRate r = LineRate.parse("9600");
        assertThat(r).isEqualTo(LineRate.BAUD_9600);
        assertThat(r.bytesPerSecond()).isEqualTo(960);
        // 10 bit-times of 1/9600 s each = 1.041666… ms
        assertThat(r.nanosPerByte()).isEqualTo(1_041_667L);
        assertThat(r.isUnlimited()).isFalse();
        assertThat(r).hasToString("9600-8N1");
    }

    @Test
    void otherStandardRatesUseBaudOverTen() {
        assertThat(LineRate.parse("115200").bytesPerSecond()).isEqualTo(11_520);
        assertThat(LineRate.parse(" 300 ").nanosPerByte()).isEqualTo(33_333_333L);
    }

    @Test
    void unlimitedTurnsPacingOff() {
        assertThat(LineRate.parse("unlimited")).isSameAs(LineRate.UNLIMITED);
        assertThat(LineRate.parse("UNLIMITED").isUnlimited()).isTrue();
        assertThat(LineRate.UNLIMITED.nanosPerByte()).isZero();
        assertThat(LineRate.UNLIMITED).hasToString("unlimited");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "fast", "9600bps", "-9600", "+9600", "96OO", "9601", "0", "00", "12345678", "9600.0", "0x2580"})
    void malformedRatesAreRejectedWithTheirText(String text) {
        assertThatThrownBy(() -> LineRate.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line rate");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> LineRate.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
