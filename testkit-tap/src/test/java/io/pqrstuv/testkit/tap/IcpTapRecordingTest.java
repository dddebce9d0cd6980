package io.pqrstuv.testkit.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.testkit.io.TimedReads;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the recording holds, in what order, and the one-outstanding-command check (ECP-NET-10). */
class IcpTapRecordingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final byte[] TOKEN = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @ParameterizedTest
    @EnumSource(Transport.class)
    void requestsAndResponsesAreRecordedInOrderAndParsedOnDemand(Transport t) throws Exception {
        try (Transport.Wired w = t.wire()) {
            TapRecording rec = w.tap().recording();
            RequestPayload keygen = new RequestPayload(0xFACEFADE, TOKEN.clone(), Command.KEYGEN, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xD0});
            ResponsePayload unavailable = ResponsePayload.error(0xFACEFADE, Command.KEYGEN.code(), ResponseCode.SESSION_UNAVAILABLE);
            exchange(w, keygen.encode(), unavailable.encode());
            RequestPayload ping = RequestPayload.unauthenticated(Command.PING, "PQRSTUV".getBytes());
            ResponsePayload echo = ResponsePayload.success(0, Command.PING, "PQRSTUV".getBytes());
            exchange(w, ping.encode(), echo.encode());

            List<TapEntry.Frame> frames = rec.frames();
            assertThat(frames).extracting(TapEntry::direction).containsExactly(
                    Direction.TO_STORAGE, Direction.TO_OPERATION, Direction.TO_STORAGE, Direction.TO_OPERATION);
            assertThat(frames).extracting(TapEntry::seq).containsExactly(0L, 1L, 2L, 3L);
            assertThat(frames).extracting(TapEntry::atNanos).isSorted();
            assertThat(rec.requests()).extracting(TapEntry.Frame::request).containsExactly(keygen, ping);
            assertThat(rec.responses()).extracting(TapEntry.Frame::response).containsExactly(unavailable, echo);
            assertThat(rec.requests().getFirst().frameBytes()).isEqualTo(Frames.encode(keygen.encode()));
            assertThat(rec.requests().getFirst().request().token()).isEqualTo(TOKEN); // ECP-HDR-7 style checks
            assertThat(rec.isStrictlyAlternating()).isTrue();
            rec.assertStrictlyAlternating();
            // Printing an entry or the recording never shows payload bytes.
            String printed = rec.requests().getFirst() + " " + rec.entries() + " " + rec;
            assertThat(printed).doesNotContainIgnoringCase("0001020304").doesNotContainIgnoringCase("facefade");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void twoRequestsWithoutAResponseBetweenThemAreCaught(Transport t) throws Exception {
        try (Transport.Wired w = t.wire()) {
            TapRecording rec = w.tap().recording();
            byte[] ping = RequestPayload.unauthenticated(Command.PING, new byte[0]).encode();
            byte[] pong = ResponsePayload.success(0, Command.PING, new byte[0]).encode();
            exchange(w, ping, pong);
            byte[] frame = Frames.encode(ping);
            w.om().write(frame);
            w.om().write(frame);
            TimedReads.readFully(w.sm()::read, 2 * frame.length, WAIT);
            rec.awaitRequests(3, WAIT);
            assertThat(rec.isStrictlyAlternating()).isFalse();
            assertThatThrownBy(rec::assertStrictlyAlternating).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Frame#3").hasMessageContaining("Frame#2");

            rec.clear();
            assertThat(rec.entries()).isEmpty();
            assertThat(rec.isStrictlyAlternating()).isTrue();
            exchange(w, ping, pong);
            assertThat(rec.frames()).extracting(TapEntry::seq).containsExactly(4L, 5L); // numbering goes on
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void awaitingMoreResponsesThanArriveTimesOut(Transport t) throws Exception {
        try (Transport.Wired w = t.wire()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> w.tap().recording().awaitResponses(1, Duration.ofMillis(300)))
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("saw 0 of 1");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void clearWipesTheRecordedPayloads(Transport t) throws Exception {
        try (Transport.Wired w = t.wire()) {
            byte[] secret = RequestPayload.unauthenticated(Command.PING, "secret".getBytes()).encode();
            w.om().write(Frames.encode(secret));
            TapEntry.Frame f = w.tap().recording().awaitRequests(1, WAIT).getFirst();
            w.tap().recording().clear();
            assertThat(f.payload()).containsOnly(0);
        }
    }

    @org.junit.jupiter.api.Test
    void aPartialFrameFollowedBySilenceIsRecordedAsAGapTimeoutAndForwardedAsIs() throws Exception {
        try (Transport.Wired w = Transport.PIPES.wire()) {
            byte[] frame = Frames.encode(new byte[100]);
            w.om().write(frame, 0, 50);
            assertThat(TimedReads.readFully(w.sm()::read, 50, WAIT)).isEqualTo(java.util.Arrays.copyOf(frame, 50));
            Thread.sleep(2_300); // the tap's receiver abandons the frame after 2 s, like the far end's
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (w.tap().recording().anomalies().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(w.tap().recording().anomalies()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo(TapEntry.Anomaly.Kind.GAP_TIMEOUT);
                assertThat(a.detail()).isEqualTo(50L);
            });
            exchange(w, RequestPayload.unauthenticated(Command.GET_INFO, new byte[0]).encode(),
                    ResponsePayload.error(0, 0, ResponseCode.CMD_FAIL).encode());
            assertThat(w.tap().recording().frames()).hasSize(2);
        }
    }

    /** OM sends a request; once the SM has it, the SM answers; the OM reads the answer. */
    static void exchange(Transport.Wired w, byte[] request, byte[] response) throws Exception {
        byte[] req = Frames.encode(request);
        w.om().write(req);
        assertThat(TimedReads.readFully(w.sm()::read, req.length, WAIT)).isEqualTo(req);
        byte[] rsp = Frames.encode(response);
        w.sm().write(rsp);
        assertThat(TimedReads.readFully(w.om()::read, rsp.length, WAIT)).isEqualTo(rsp);
    }
}
