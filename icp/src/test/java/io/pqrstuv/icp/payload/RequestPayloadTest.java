package io.pqrstuv.icp.payload;

import static io.pqrstuv.icp.Vectors.hex;
import static io.pqrstuv.icp.Vectors.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.Vectors;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPayloadTest {

    @Test
    void encodesTheVectorPayloads() {
        assertThat(RequestPayload.unauthenticated(Command.GET_INFO, new byte[0]).encode())
                .isEqualTo(payloadOf(Vectors.GET_INFO_REQUEST));
        assertThat(RequestPayload.unauthenticated(Command.INIT, new byte[0]).encode())
                .isEqualTo(payloadOf(Vectors.INIT_REQUEST));
        assertThat(RequestPayload.unauthenticated(Command.PING, "PQRSTUV".getBytes(StandardCharsets.US_ASCII)).encode())
                .isEqualTo(payloadOf(Vectors.PING_REQUEST));
        RequestPayload keygen = new RequestPayload(0xFACEFADE, Vectors.TOKEN_000102.clone(), Command.KEYGEN,
                AlgId.encode(Algorithm.ML_DSA_44.coseId()));
        assertThat(keygen.encode()).isEqualTo(payloadOf(Vectors.KEYGEN_ML_DSA_44_REQUEST));
    }

    @Test
    void decodesTheKeygenVector() throws ShortPayloadException {
        RequestPayload p = RequestPayload.decode(payloadOf(Vectors.KEYGEN_ML_DSA_44_REQUEST));
        assertThat(p.session()).isEqualTo(0xFACEFADE);
        assertThat(p.token()).isEqualTo(Vectors.TOKEN_000102);
        assertThat(p.command()).isEqualTo(0x30);
        assertThat(p.knownCommand()).contains(Command.KEYGEN);
        assertThat(p.opData()).isEqualTo(hex("FFFFD0"));
        assertThat(AlgId.decode(p.opData())).isEqualTo(-48);
    }

    @Test
    void decodesThePingVector() throws ShortPayloadException {
        RequestPayload p = RequestPayload.decode(payloadOf(Vectors.PING_REQUEST));
        assertThat(p.session()).isZero();
        assertThat(p.token()).isEqualTo(new byte[16]);
        assertThat(p.knownCommand()).contains(Command.PING);
        assertThat(new String(p.opData(), StandardCharsets.US_ASCII)).isEqualTo("PQRSTUV");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 5, 20})
    void shortPayloadsAreRejected(int length) {
        assertThatThrownBy(() -> RequestPayload.decode(new byte[length]))
                .isInstanceOf(ShortPayloadException.class)
                .hasMessageContaining(length + " bytes").hasMessageContaining("21");
    }

    @Test
    void twentyOneBytesIsTheSmallestRequest() throws ShortPayloadException {
        RequestPayload p = RequestPayload.decode(new byte[21]);
        assertThat(p.opData()).isEmpty();
        assertThat(p.knownCommand()).contains(Command.GET_INFO);
    }

    @Test
    void unknownCommandKeepsItsByte() throws ShortPayloadException {
        byte[] raw = payloadOf(Vectors.GET_INFO_REQUEST);
        raw[20] = (byte) 0xEE;
        RequestPayload p = RequestPayload.decode(raw);
        assertThat(p.command()).isEqualTo(0xEE);
        assertThat(p.knownCommand()).isEmpty();
        assertThat(p.encode()).isEqualTo(raw);
    }

    @Test
    void decodeCopiesItsInput() throws ShortPayloadException {
        byte[] raw = payloadOf(Vectors.KEYGEN_ML_DSA_44_REQUEST);
        RequestPayload p = RequestPayload.decode(raw);
        raw[5] = 0x55;
        raw[22] = 0x55;
        assertThat(p.token()).isEqualTo(Vectors.TOKEN_000102);
        assertThat(p.opData()).isEqualTo(hex("FFFFD0"));
    }

    @Test
    void constructorChecksFields() {
        assertThatThrownBy(() -> new RequestPayload(0, new byte[15], 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestPayload(0, new byte[16], 256, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestPayload(0, new byte[16], -1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestPayload(0, null, 0, new byte[0])).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RequestPayload(0, new byte[16], 0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringHidesTokenAndOpData() {
        RequestPayload p = new RequestPayload(0x01020304, hex("A1A2A3A4A5A6A7A8A9AAABACADAEAFB0"), Command.SIGN,
                hex("C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2"));
        String s = p.toString();
        assertThat(s).contains("01020304", "SIGN", "18 bytes");
        assertThat(s.toUpperCase()).doesNotContain("A1A2", "C1C2");
    }

    @Test
    void wipeZeroesTokenAndOpData() {
        byte[] token = Vectors.TOKEN_000102.clone();
        byte[] data = hex("0102030405");
        RequestPayload p = new RequestPayload(7, token, Command.PING, data);
        p.wipe();
        assertThat(token).containsOnly(0);
        assertThat(data).containsOnly(0);
    }

    @Property(tries = 300)
    void roundTrips(@ForAll int session, @ForAll @Size(16) byte[] token, @ForAll @IntRange(max = 255) int command,
            @ForAll @Size(max = 600) byte[] opData) throws ShortPayloadException {
        RequestPayload p = new RequestPayload(session, token, command, opData);
        byte[] encoded = p.encode();
        assertThat(encoded).hasSize(21 + opData.length);
        RequestPayload back = RequestPayload.decode(encoded);
        assertThat(back).isEqualTo(p);
        assertThat(back.hashCode()).isEqualTo(p.hashCode());
        assertThat(back.encode()).isEqualTo(encoded);
    }
}
