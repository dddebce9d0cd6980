package io.pqrstuv.icp.frame;

import static io.pqrstuv.icp.Vectors.hex;
import static io.pqrstuv.icp.Vectors.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Vectors;
import io.pqrstuv.icp.frame.ReceiverEvent.ChecksumFailure;
import io.pqrstuv.icp.frame.ReceiverEvent.GapTimeout;
import io.pqrstuv.icp.frame.ReceiverEvent.Oversize;
import io.pqrstuv.icp.frame.ReceiverEvent.Payload;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameReceiverTest {
    private final Recorder r = new Recorder();

    static Stream<byte[]> vectors() {
        return Stream.of(Vectors.GET_INFO_REQUEST, Vectors.INIT_REQUEST, Vectors.PING_REQUEST, Vectors.PING_RESPONSE,
                Vectors.CHECKSUM_FAIL_RESPONSE, Vectors.CMD_REJECTED_RESPONSE, Vectors.KEYGEN_ML_DSA_44_REQUEST,
                Vectors.SESSION_UNAVAILABLE_RESPONSE);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void receivesEveryVectorWhole(byte[] frame) {
        r.feed(frame);
        assertThat(r.events).hasSize(1);
        assertThat(((Payload) r.events.get(0)).payload()).isEqualTo(payloadOf(frame));
        assertThat(r.events.get(0).errorReply()).isNull();
        assertThat(r.receiver.inFrame()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void receivesEveryVectorOneByteAtATime(byte[] frame) {
        r.feed(frame, 1);
        assertThat(r.payloads()).containsExactly(payloadOf(frame));
        assertThat(r.events).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 16, 17, 20, 21, 39, 40, 41})
    void receivesBackToBackFramesInAnyChunking(int chunk) {
        byte[] stream = concat(Vectors.GET_INFO_REQUEST, Vectors.PING_REQUEST, Vectors.KEYGEN_ML_DSA_44_REQUEST);
        r.feed(stream, chunk);
        assertThat(r.payloads()).containsExactly(payloadOf(Vectors.GET_INFO_REQUEST), payloadOf(Vectors.PING_REQUEST),
                payloadOf(Vectors.KEYGEN_ML_DSA_44_REQUEST));
        assertThat(r.events).hasSize(3);
    }

    @Test
    void badPreambleByteGivesNoEventAndTheNextFrameStillWorks() {
        for (int i = 0; i < 16; i++) {
            byte[] bad = Vectors.PING_REQUEST.clone();
            bad[i] ^= 0x01;
            r.feed(bad);
        }
        assertThat(r.events).isEmpty();
        assertThat(r.receiver.inFrame()).isFalse();
        r.feed(Vectors.PING_REQUEST);
        assertThat(r.payloads()).containsExactly(payloadOf(Vectors.PING_REQUEST));
    }

    @Test
    void badTrailerByteGivesChecksumFail() {
        for (int i = 0; i < 16; i++) {
            byte[] bad = Vectors.PING_REQUEST.clone();
            bad[bad.length - 16 + i] ^= 0x40;
            r.feed(bad);
        }
        assertThat(r.events).hasSize(16).allSatisfy(e -> {
            assertThat(e).isEqualTo(new ChecksumFailure(ChecksumFailure.Cause.TRAILER_MISPLACED));
            assertThat(e.errorReply()).isEqualTo(ResponseCode.CHECKSUM_FAIL);
        });
        r.feed(Vectors.PING_REQUEST);
        assertThat(r.payloads()).containsExactly(payloadOf(Vectors.PING_REQUEST));
    }

    @Test
    void byteSwappedCrcGivesChecksumFail() {
        byte[] bad = Vectors.PING_REQUEST.clone();
        int crcAt = bad.length - 20;
        for (int i = 0; i < 4; i++) {
            bad[crcAt + i] = Vectors.PING_REQUEST[crcAt + 3 - i];
        }
        r.feed(bad);
        assertThat(r.events).containsExactly(new ChecksumFailure(ChecksumFailure.Cause.CRC_MISMATCH));
        assertThat(r.events.get(0).errorReply()).isEqualTo(ResponseCode.CHECKSUM_FAIL);
    }

    @Test
    void flippedPayloadBitGivesChecksumFail() {
        for (int i = 20; i < Vectors.PING_REQUEST.length - 20; i++) {
            byte[] bad = Vectors.PING_REQUEST.clone();
            bad[i] ^= 0x80;
            r.feed(bad);
        }
        assertThat(r.events).hasSize(Vectors.PING_REQUEST.length - 40)
                .allMatch(e -> e.equals(new ChecksumFailure(ChecksumFailure.Cause.CRC_MISMATCH)));
    }

    @Test
    void lengthOneTooLargeGivesChecksumFail() {
        byte[] bad = Vectors.PING_REQUEST.clone();
        bad[19]++; // the receiver now takes the first CRC byte as payload and looks for the trailer one byte late
        r.feed(bad);
        assertThat(r.events).isEmpty();
        assertThat(r.receiver.inFrame()).isTrue();
        r.feed(new byte[] {0x00});
        assertThat(r.events).containsExactly(new ChecksumFailure(ChecksumFailure.Cause.TRAILER_MISPLACED));
        r.feed(Vectors.PING_REQUEST);
        assertThat(r.payloads()).containsExactly(payloadOf(Vectors.PING_REQUEST));
    }

    @Test
    void lengthOneTooSmallGivesChecksumFail() {
        byte[] bad = Vectors.PING_REQUEST.clone();
        bad[19]--;
        r.feed(bad);
        assertThat(r.events).containsExactly(new ChecksumFailure(ChecksumFailure.Cause.TRAILER_MISPLACED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000C329", "FFFFFFFF", "00010000", "80000000"})
    void oversizeLengthIsRejectedRightAfterTheFourthLengthByte(String lengthHex) {
        byte[] head = hex(Vectors.PREAMBLE + lengthHex);
        r.feed(head, 1);
        assertThat(r.events).hasSize(1);
        Oversize o = (Oversize) r.events.get(0);
        assertThat(o.declaredLength()).isEqualTo(Long.parseLong(lengthHex, 16));
        assertThat(o.errorReply()).isEqualTo(ResponseCode.CMD_REJECTED);
        assertThat(r.receiver.inFrame()).isFalse();
        // The rest of the oversize frame is noise; a real frame after it is received.
        byte[] body = new byte[1000];
        new Random(7).nextBytes(body);
        r.feed(body);
        r.feed(Vectors.PING_REQUEST);
        assertThat(r.payloads()).containsExactly(payloadOf(Vectors.PING_REQUEST));
    }

    @Test
    void oversizeIsDecidedWithinTheChunkThatCompletesTheLength() {
        // One chunk: preamble, length 49,961, then body bytes. The event comes before the body is read.
        r.feed(concat(hex(Vectors.PREAMBLE + "0000C329"), new byte[50]));
        assertThat(r.events).containsExactly(new Oversize(49_961));
    }

    @Test
    void lengthExactlyTheMaximumIsAccepted() {
        byte[] payload = new byte[49_960];
        new Random(1).nextBytes(payload);
        byte[] frame = Frames.encode(payload);
        assertThat(frame).hasSize(50_000);
        assertThat(Arrays.copyOfRange(frame, 16, 20)).isEqualTo(hex("0000C328"));
        r.feed(frame, 4096);
        assertThat(r.payloads()).containsExactly(payload);
        assertThat(r.events).hasSize(1);
    }

    @Test
    void payloadsContainingTheMarkersAreDeliveredIntact() {
        byte[] payload = concat(hex("00000000"), new byte[16], new byte[] {0x01},
                hex(Vectors.TRAILER), hex(Vectors.PREAMBLE), hex(Vectors.TRAILER + Vectors.TRAILER),
                hex(Vectors.PREAMBLE + "00000000"));
        byte[] frame = Frames.encode(payload);
        r.feed(concat(frame, Vectors.GET_INFO_REQUEST), 1);
        assertThat(r.payloads()).containsExactly(payload, payloadOf(Vectors.GET_INFO_REQUEST));
        assertThat(r.events).hasSize(2);
    }

    @Test
    void emptyPayloadIsDelivered() {
        r.feed(Frames.encode(new byte[0]), 1);
        assertThat(r.payloads()).containsExactly(new byte[0]);
    }

    @Test
    void resynchronisesAfterGarbage() {
        byte[] garbage = new byte[100];
        new Random(3).nextBytes(garbage);
        byte[] zeros = new byte[23]; // a run of zeros that overlaps the start of the preamble
        byte[] almost = hex("00000000505152535455560000"); // a preamble cut short
        r.feed(concat(garbage, Vectors.PING_REQUEST, zeros, almost, garbage, zeros, Vectors.INIT_REQUEST,
                hex(Vectors.TRAILER), Vectors.GET_INFO_REQUEST), 7);
        assertThat(r.payloads()).containsExactly(payloadOf(Vectors.PING_REQUEST), payloadOf(Vectors.INIT_REQUEST),
                payloadOf(Vectors.GET_INFO_REQUEST));
        assertThat(r.events).hasSize(3);
    }

    @Test
    void gapTimeoutViaFeedAbandonsThePartialFrame() {
        byte[] frame = Vectors.PING_REQUEST;
        r.feed(Arrays.copyOf(frame, 30));
        r.advance(Duration.ofMillis(2001));
        r.feed(frame);
        assertThat(r.events).hasSize(2);
        assertThat(r.events.get(0)).isEqualTo(new GapTimeout(30));
        assertThat(r.events.get(0).errorReply()).isEqualTo(ResponseCode.CHECKSUM_FAIL);
        assertThat(r.payloads()).containsExactly(payloadOf(frame));
    }

    @Test
    void gapOfExactlyTheLimitIsNotATimeout() {
        byte[] frame = Vectors.PING_REQUEST;
        r.feed(Arrays.copyOf(frame, 30));
        r.advance(Duration.ofSeconds(2));
        assertThat(r.receiver.checkGap()).isFalse();
        r.feed(Arrays.copyOfRange(frame, 30, frame.length));
        assertThat(r.payloads()).containsExactly(payloadOf(frame));
        assertThat(r.events).hasSize(1);
    }

    @Test
    void slowButSteadyBytesNeverTimeOut() {
        byte[] frame = Vectors.PING_REQUEST;
        for (byte b : frame) {
            r.advance(Duration.ofMillis(1900));
            r.feed(new byte[] {b});
        }
        assertThat(r.payloads()).containsExactly(payloadOf(frame));
    }

    @Test
    void gapTimeoutViaCheckGap() {
        assertThat(r.receiver.checkGap()).isFalse();
        assertThat(r.receiver.nanosUntilGapTimeout()).isEqualTo(-1);
        r.feed(Arrays.copyOf(Vectors.KEYGEN_ML_DSA_44_REQUEST, 18)); // preamble + 2 length bytes
        assertThat(r.receiver.inFrame()).isTrue();
        r.advance(Duration.ofMillis(500));
        assertThat(r.receiver.checkGap()).isFalse();
        assertThat(r.receiver.nanosUntilGapTimeout()).isEqualTo(Duration.ofMillis(1500).toNanos());
        r.advance(Duration.ofMillis(1501));
        assertThat(r.receiver.nanosUntilGapTimeout()).isZero();
        assertThat(r.receiver.checkGap()).isTrue();
        assertThat(r.events).containsExactly(new GapTimeout(18));
        assertThat(r.receiver.inFrame()).isFalse();
        assertThat(r.receiver.checkGap()).isFalse();
        r.feed(Vectors.KEYGEN_ML_DSA_44_REQUEST);
        assertThat(r.payloads()).containsExactly(payloadOf(Vectors.KEYGEN_ML_DSA_44_REQUEST));
    }

    @Test
    void gapTimeoutCountsOnlyTheAbandonedFrame() {
        r.feed(Vectors.PING_REQUEST); // leaves the previous frame's counters behind
        r.feed(Arrays.copyOf(Vectors.GET_INFO_REQUEST, 18));
        r.advance(Duration.ofSeconds(3));
        assertThat(r.receiver.checkGap()).isTrue();
        assertThat(r.events).hasSize(2);
        assertThat(r.events.get(1)).isEqualTo(new GapTimeout(18));
    }

    @Test
    void gapTimeoutCountsBytesInTheTail() {
        byte[] frame = Vectors.PING_REQUEST;
        r.feed(Arrays.copyOf(frame, frame.length - 3));
        r.advance(Duration.ofSeconds(3));
        assertThat(r.receiver.checkGap()).isTrue();
        assertThat(r.events).containsExactly(new GapTimeout(frame.length - 3));
    }

    /** Issue 15: the reply deadline follows the declared length once the 4 length bytes are in. */
    @Test
    void declaredLengthIsKnownOnlyFromTheFourthLengthByteToTheFrameEnd() {
        byte[] frame = Vectors.PING_REQUEST;
        int length = frame.length - 40;
        assertThat(r.receiver.declaredLength()).isEqualTo(-1);
        r.feed(Arrays.copyOf(frame, 16)); // preamble only
        assertThat(r.receiver.inFrame()).isTrue();
        assertThat(r.receiver.declaredLength()).isEqualTo(-1);
        r.feed(Arrays.copyOfRange(frame, 16, 19)); // three of the four length bytes
        assertThat(r.receiver.declaredLength()).isEqualTo(-1);
        r.feed(Arrays.copyOfRange(frame, 19, 20));
        assertThat(r.receiver.declaredLength()).isEqualTo(length);
        r.feed(Arrays.copyOfRange(frame, 20, frame.length - 1));
        assertThat(r.receiver.declaredLength()).isEqualTo(length);
        r.feed(Arrays.copyOfRange(frame, frame.length - 1, frame.length));
        assertThat(r.receiver.declaredLength()).isEqualTo(-1);
        assertThat(r.payloads()).containsExactly(payloadOf(frame));
        // Abandoned by a gap, or refused as oversize: no length any more.
        r.feed(Arrays.copyOf(frame, 25));
        r.advance(Duration.ofSeconds(3));
        assertThat(r.receiver.checkGap()).isTrue();
        assertThat(r.receiver.declaredLength()).isEqualTo(-1);
        r.feed(concat(Arrays.copyOf(frame, 16), hex("0000C329")));
        assertThat(r.events.getLast()).isEqualTo(new Oversize(49_961));
        assertThat(r.receiver.declaredLength()).isEqualTo(-1);
    }

    @Test
    void silenceWhileHuntingIsNotATimeout() {
        r.feed(hex("0000000050515253")); // partial preamble: still hunting
        r.advance(Duration.ofSeconds(10));
        assertThat(r.receiver.checkGap()).isFalse();
        assertThat(r.events).isEmpty();
    }

    @Test
    void emptyAndOffsetFeeds() {
        r.feed(new byte[0]);
        byte[] padded = concat(new byte[] {9, 9}, Vectors.PING_REQUEST, new byte[] {9});
        r.receiver.feed(padded, 2, Vectors.PING_REQUEST.length);
        assertThat(r.payloads()).containsExactly(payloadOf(Vectors.PING_REQUEST));
        assertThatThrownBy(() -> r.receiver.feed(padded, 2, padded.length)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void defaultReceiverUsesTwoSeconds() {
        assertThat(FrameReceiver.DEFAULT_GAP_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
        var events = new java.util.ArrayList<ReceiverEvent>();
        new FrameReceiver(events::add).feed(Vectors.INIT_REQUEST);
        assertThat(events).hasSize(1);
    }

    @Test
    void payloadToStringShowsNoBytes() {
        assertThat(new Payload(hex("DEADBEEF")).toString()).doesNotContain("DEADBEEF", "deadbeef").contains("4 bytes");
    }
}
