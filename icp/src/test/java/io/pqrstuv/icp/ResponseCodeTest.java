package io.pqrstuv.icp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResponseCodeTest {

    /** Notes §0.2, copied as text. */
    @ParameterizedTest
    @CsvSource({
        "0x00, SUCCESS", "0x01, INVALID_CMD", "0x02, CRYPTO_KEY_MISMATCH", "0x03, INVALID_SYNTAX",
        "0x04, CHECKSUM_FAIL", "0x05, CMD_REJECTED", "0x06, RATE_LIMITED", "0x07, SESSION_UNAVAILABLE",
        "0x08, INCORRECT_SECRET", "0x09, CMD_FAIL", "0xFF, UNKNOWN_ERR"
    })
    void table(String hexCode, ResponseCode code) {
        int b = Integer.decode(hexCode);
        assertThat(code.code()).isEqualTo(b);
        assertThat(code.toByte()).isEqualTo((byte) b);
        assertThat(ResponseCode.fromByte(b)).contains(code);
        assertThat(ResponseCode.fromByte((byte) b)).contains(code);
    }

    @Test
    void elevenCodesAndNoOthers() {
        assertThat(ResponseCode.values()).hasSize(11);
        assertThat(java.util.stream.IntStream.range(0, 256).filter(b -> ResponseCode.fromByte(b).isPresent()).count())
                .isEqualTo(11);
    }

    @Test
    void sessionsHelpers() {
        assertThat(Sessions.toBytes(0xFACEFADE)).isEqualTo(Vectors.hex("FACEFADE"));
        assertThat(Sessions.fromBytes(Vectors.hex("00FACEFADE"), 1)).isEqualTo(0xFACEFADE);
        assertThat(Sessions.isReserved(0)).isTrue();
        assertThat(Sessions.isReserved(0xFFFFFFFF)).isTrue();
        assertThat(Sessions.isReserved(1)).isFalse();
        assertThat(Sessions.isReserved(0xFFFFFFFE)).isFalse();
        assertThat(Sessions.hex(0xFACEFADE)).isEqualTo("FACEFADE");
        assertThat(KeyIds.ORDER.compare(Vectors.hex("80000000000000000000000000000000"),
                Vectors.hex("7F000000000000000000000000000000"))).isPositive();
    }
}
