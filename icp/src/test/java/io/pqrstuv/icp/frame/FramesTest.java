package io.pqrstuv.icp.frame;

import static io.pqrstuv.icp.Vectors.hex;
import static io.pqrstuv.icp.Vectors.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FramesTest {

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("GET_INFO request", Vectors.GET_INFO_REQUEST, 61),
                Arguments.of("INIT request", Vectors.INIT_REQUEST, 61),
                Arguments.of("PING request", Vectors.PING_REQUEST, 68),
                Arguments.of("PING response", Vectors.PING_RESPONSE, 53),
                Arguments.of("CHECKSUM_FAIL response", Vectors.CHECKSUM_FAIL_RESPONSE, 46),
                Arguments.of("CMD_REJECTED response", Vectors.CMD_REJECTED_RESPONSE, 46),
                Arguments.of("KEYGEN request", Vectors.KEYGEN_ML_DSA_44_REQUEST, 64),
                Arguments.of("SESSION_UNAVAILABLE response", Vectors.SESSION_UNAVAILABLE_RESPONSE, 46));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodesEveryVectorByteForByte(String name, byte[] frame, int size) {
        assertThat(frame).hasSize(size);
        assertThat(Frames.encode(payloadOf(frame))).isEqualTo(frame);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesEveryVector(String name, byte[] frame, int size) throws FrameException {
        assertThat(Frames.decode(frame)).isEqualTo(payloadOf(frame));
    }

    @Test
    void constantsMatchTheSpec() {
        assertThat(Frames.preamble()).isEqualTo(hex(Vectors.PREAMBLE));
        assertThat(Frames.trailer()).isEqualTo(hex(Vectors.TRAILER));
        assertThat(Frames.MAX_PAYLOAD).isEqualTo(49_960);
        assertThat(Frames.OVERHEAD).isEqualTo(40);
    }

    @Test
    void markerAccessorsReturnCopies() {
        Frames.preamble()[4] = 0;
        Frames.trailer()[4] = 0;
        assertThat(Frames.preamble()).isEqualTo(hex(Vectors.PREAMBLE));
        assertThat(Frames.trailer()).isEqualTo(hex(Vectors.TRAILER));
    }

    @Test
    void crcIsTheZlibVariant() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Frames.crc(check, 0, check.length)).isEqualTo(0xCBF43926);
        byte[] padded = ("xx" + "123456789" + "y").getBytes(StandardCharsets.US_ASCII);
        assertThat(Frames.crc(padded, 2, 9)).isEqualTo(0xCBF43926);
    }

    @Test
    void encodesTheEmptyPayload() throws FrameException {
        byte[] frame = Frames.encode(new byte[0]);
        assertThat(frame).hasSize(40);
        // CRC-32 of the four zero length bytes is 2144DF1C (zlib).
        assertThat(frame).isEqualTo(hex(Vectors.PREAMBLE + "00000000 2144DF1C" + Vectors.TRAILER));
        assertThat(Frames.decode(frame)).isEmpty();
    }

    /** ICP-FRAME-4: the length field counts payload bytes only, big-endian. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 255, 256, 20_000})
    void lengthFieldCountsPayloadBytesOnly(int n) throws FrameException {
        byte[] payload = new byte[n];
        java.util.Arrays.fill(payload, (byte) 0xA5);
        byte[] frame = Frames.encode(payload);
        assertThat(frame).hasSize(n + 40);
        assertThat(java.util.Arrays.copyOfRange(frame, 16, 20))
                .isEqualTo(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        assertThat(Frames.decode(frame)).isEqualTo(payload);
    }

    @Test
    void encodesASliceOfAnArray() {
        byte[] payload = payloadOf(Vectors.PING_REQUEST);
        byte[] padded = new byte[payload.length + 7];
        System.arraycopy(payload, 0, padded, 3, payload.length);
        assertThat(Frames.encode(padded, 3, payload.length)).isEqualTo(Vectors.PING_REQUEST);
    }

    @Test
    void encodesTheLargestPayloadAndRejectsOneMore() throws FrameException {
        byte[] max = new byte[49_960];
        max[0] = 1;
        max[49_959] = 2;
        byte[] frame = Frames.encode(max);
        assertThat(frame).hasSize(50_000);
        assertThat(Frames.decode(frame)).isEqualTo(max);
        assertThatThrownBy(() -> Frames.encode(new byte[49_961])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadSlices() {
        assertThatThrownBy(() -> Frames.encode(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Frames.encode(new byte[4], -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Frames.encode(new byte[4], 0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static FrameException.Reason reasonOf(byte[] frame) {
        try {
            Frames.decode(frame);
        } catch (FrameException e) {
            return e.reason();
        }
        throw new AssertionError("decoded a malformed frame");
    }

    @Test
    void decodeNamesTheBrokenRule() {
        byte[] good = Vectors.PING_REQUEST;

        byte[] preamble = good.clone();
        preamble[5] ^= 1;
        assertThat(reasonOf(preamble)).isEqualTo(FrameException.Reason.BAD_PREAMBLE);

        byte[] trailer = good.clone();
        trailer[good.length - 9] ^= 1;
        assertThat(reasonOf(trailer)).isEqualTo(FrameException.Reason.BAD_TRAILER);

        byte[] payloadBit = good.clone();
        payloadBit[30] ^= 0x10;
        assertThat(reasonOf(payloadBit)).isEqualTo(FrameException.Reason.BAD_CRC);

        byte[] swapped = good.clone();
        int crcAt = good.length - 20;
        for (int i = 0; i < 4; i++) {
            swapped[crcAt + i] = good[crcAt + 3 - i];
        }
        assertThat(reasonOf(swapped)).isEqualTo(FrameException.Reason.BAD_CRC);

        assertThat(reasonOf(java.util.Arrays.copyOf(good, 39))).isEqualTo(FrameException.Reason.TRUNCATED);
        assertThat(reasonOf(java.util.Arrays.copyOf(good, good.length - 1))).isEqualTo(FrameException.Reason.TRUNCATED);
        assertThat(reasonOf(java.util.Arrays.copyOf(good, good.length + 1))).isEqualTo(FrameException.Reason.TRUNCATED);

        byte[] oversize = good.clone();
        oversize[16] = (byte) 0xFF;
        oversize[17] = (byte) 0xFF;
        oversize[18] = (byte) 0xFF;
        oversize[19] = (byte) 0xFF;
        assertThat(reasonOf(oversize)).isEqualTo(FrameException.Reason.OVERSIZE);
        byte[] justOver = good.clone();
        justOver[16] = 0;
        justOver[17] = 0;
        justOver[18] = (byte) 0xC3;
        justOver[19] = 0x29; // 49,961
        assertThat(reasonOf(justOver)).isEqualTo(FrameException.Reason.OVERSIZE);
    }
}
