package io.pqrstuv.icp.payload;

import static io.pqrstuv.icp.Vectors.hex;
import static io.pqrstuv.icp.Vectors.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponsePayloadTest {

    @Test
    void encodesTheVectorPayloads() {
        assertThat(ResponsePayload.success(0, Command.PING, "PQRSTUV".getBytes(StandardCharsets.US_ASCII)).encode())
                .isEqualTo(payloadOf(Vectors.PING_RESPONSE));
        assertThat(ResponsePayload.framingError(ResponseCode.CHECKSUM_FAIL).encode())
                .isEqualTo(payloadOf(Vectors.CHECKSUM_FAIL_RESPONSE));
        assertThat(ResponsePayload.framingError(ResponseCode.CMD_REJECTED).encode())
                .isEqualTo(payloadOf(Vectors.CMD_REJECTED_RESPONSE));
        assertThat(ResponsePayload.error(0xFACEFADE, Command.KEYGEN.code(), ResponseCode.SESSION_UNAVAILABLE).encode())
                .isEqualTo(payloadOf(Vectors.SESSION_UNAVAILABLE_RESPONSE));
    }

    @Test
    void decodesTheVectorPayloads() throws ResponsePayloadException {
        ResponsePayload ping = ResponsePayload.decode(payloadOf(Vectors.PING_RESPONSE));
        assertThat(ping.session()).isZero();
        assertThat(ping.command()).isEqualTo(0x01);
        assertThat(ping.isSuccess()).isTrue();
        assertThat(ping.data()).isEqualTo("PQRSTUV".getBytes(StandardCharsets.US_ASCII));

        ResponsePayload su = ResponsePayload.decode(payloadOf(Vectors.SESSION_UNAVAILABLE_RESPONSE));
        assertThat(su).isEqualTo(new ResponsePayload(0xFACEFADE, 0x30, ResponseCode.SESSION_UNAVAILABLE, new byte[0]));
        assertThat(su.isSuccess()).isFalse();

        ResponsePayload cf = ResponsePayload.decode(payloadOf(Vectors.CHECKSUM_FAIL_RESPONSE));
        assertThat(cf.session()).isEqualTo(0xFFFFFFFF);
        assertThat(cf.command()).isEqualTo(0xFF);
        assertThat(cf.code()).isEqualTo(ResponseCode.CHECKSUM_FAIL);
        assertThat(ResponsePayload.decode(payloadOf(Vectors.CMD_REJECTED_RESPONSE)).code()).isEqualTo(ResponseCode.CMD_REJECTED);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0A, 0x10, 0x7F, 0x80, 0xFE})
    void undefinedCodeIsMalformed(int code) {
        byte[] raw = hex("00000000 01 00");
        raw[5] = (byte) code;
        assertThatThrownBy(() -> ResponsePayload.decode(raw))
                .isInstanceOf(ResponsePayloadException.class)
                .hasMessageContaining(String.format("0x%02X", code));
    }

    @ParameterizedTest
    @EnumSource(value = ResponseCode.class, names = "SUCCESS", mode = EnumSource.Mode.EXCLUDE)
    void dataAfterAnErrorCodeIsMalformed(ResponseCode code) throws ResponsePayloadException {
        byte[] raw = hex("FACEFADE 30 00 AA");
        raw[5] = code.toByte();
        assertThatThrownBy(() -> ResponsePayload.decode(raw)).isInstanceOf(ResponsePayloadException.class);
        ResponsePayload bare = ResponsePayload.decode(Arrays.copyOf(raw, 6));
        assertThat(bare.code()).isEqualTo(code);
        assertThat(bare.data()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5})
    void shortResponseIsMalformed(int length) {
        assertThatThrownBy(() -> ResponsePayload.decode(new byte[length])).isInstanceOf(ResponsePayloadException.class);
    }

    @Test
    void emptySuccessIsFine() throws ResponsePayloadException {
        ResponsePayload p = ResponsePayload.decode(hex("00000001 20 00"));
        assertThat(p.isSuccess()).isTrue();
        assertThat(p.data()).isEmpty();
    }

    @Test
    void constructorRefusesDataOnErrors() {
        assertThatThrownBy(() -> new ResponsePayload(0, 1, ResponseCode.CMD_FAIL, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResponsePayload(0, 256, ResponseCode.SUCCESS, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResponsePayload(0, 1, null, new byte[0])).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringHidesData() {
        String s = ResponsePayload.success(0xFACEFADE, Command.DECAPS, hex("C0FFEE0102")).toString();
        assertThat(s).contains("FACEFADE", "5 bytes").doesNotContainIgnoringCase("C0FFEE");
    }

    @Property(tries = 300)
    void roundTrips(@ForAll int session, @ForAll @IntRange(max = 255) int command, @ForAll ResponseCode code,
            @ForAll @Size(max = 600) byte[] data) throws ResponsePayloadException {
        byte[] body = code == ResponseCode.SUCCESS ? data : new byte[0];
        ResponsePayload p = new ResponsePayload(session, command, code, body);
        byte[] encoded = p.encode();
        assertThat(encoded).hasSize(6 + body.length);
        ResponsePayload back = ResponsePayload.decode(encoded);
        assertThat(back).isEqualTo(p);
        assertThat(back.hashCode()).isEqualTo(p.hashCode());
    }
}
