package io.pqrstuv.icp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pqrstuv.icp.frame.FrameException;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ShortPayloadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer fuzz test of the receiver and the request decoder. Under plain {@code mvn verify} it
 * runs the seeds in src/test/resources (regression mode); set JAZZER_FUZZ=1 to fuzz.
 */
class ReceiverFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void receiverAndRequestDecoderKeepTheirInvariants(FuzzedDataProvider data) throws FrameException {
        long[] clock = {0};
        List<ReceiverEvent> events = new ArrayList<>();
        FrameReceiver receiver = new FrameReceiver(events::add, () -> clock[0], Duration.ofSeconds(2));
        while (data.remainingBytes() > 0) {
            int chunk = data.consumeInt(0, 4096);
            clock[0] += data.consumeLong(0, 3_000_000_000L);
            if (data.consumeBoolean()) {
                receiver.checkGap();
            }
            byte[] bytes = data.consumeBytes(chunk);
            receiver.feed(bytes);
            assertThat(receiver.nanosUntilGapTimeout()).isGreaterThanOrEqualTo(-1);
        }
        for (ReceiverEvent e : events) {
            switch (e) {
                case ReceiverEvent.Payload p -> checkPayload(p.payload());
                case ReceiverEvent.Oversize o -> assertThat(o.declaredLength()).isGreaterThan(Frames.MAX_PAYLOAD);
                case ReceiverEvent.ChecksumFailure c -> assertThat(c.errorReply()).isNotNull();
                case ReceiverEvent.GapTimeout g -> assertThat(g.bytesDiscarded()).isBetween(16, Frames.MAX_FRAME);
            }
        }
    }

    private static void checkPayload(byte[] payload) throws FrameException {
        assertThat(payload.length).isLessThanOrEqualTo(Frames.MAX_PAYLOAD);
        byte[] frame = Frames.encode(payload);
        assertThat(Frames.decode(frame)).isEqualTo(payload);
        List<ReceiverEvent> again = new ArrayList<>();
        new FrameReceiver(again::add).feed(frame);
        assertThat(again).hasSize(1);
        assertThat(((ReceiverEvent.Payload) again.get(0)).payload()).isEqualTo(payload);
        try {
            RequestPayload request = RequestPayload.decode(payload);
            assertThat(request.encode()).isEqualTo(payload);
        } catch (ShortPayloadException e) {
            assertThat(payload.length).isLessThan(RequestPayload.HEADER_LENGTH);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void requestDecoderNeverThrowsUnexpectedly(byte[] payload) {
        try {
            RequestPayload request = RequestPayload.decode(payload);
            assertThat(request.encode()).isEqualTo(payload);
            assertThat(request.opData()).hasSize(payload.length - RequestPayload.HEADER_LENGTH);
        } catch (ShortPayloadException e) {
            assertThat(payload.length).isLessThan(RequestPayload.HEADER_LENGTH);
        }
    }
}
