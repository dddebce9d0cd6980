package io.pqrstuv.operation.icp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The production reply deadlines (P-95) on a real-time link, against a hand-driven storage module:
 * a lost reply costs the command's first-byte wait (seconds), a frame in progress gets its own
 * length's wire time, silence inside a frame is the D-1 gap, and the largest frame at 9600 bps
 * completes. The lower bounds are the deadlines themselves; the upper bounds are loose (a loaded
 * machine) but below what the fixed D-50 timeouts waited.
 */
class IcpClientDeadlineTest {
    /** What the peer does with one request: answer (or not) on {@code link}. */
    @FunctionalInterface
    private interface Script {
        void answer(RequestPayload request, Link link) throws Exception;
    }

    private IcpClient client;
    private Link peer;
    private Thread responder;
    private final AtomicInteger requests = new AtomicInteger();
    /** When the peer wrote the 20th byte of its reply (the length field complete), nanoTime. */
    private final AtomicLong lengthSentAt = new AtomicLong();

    private void start(LineRate rate, Script script) {
        PipeLink.Pair pair = PipeLink.pair();
        peer = pair.b();
        // Pacing the client's end paces both directions: requests reach the peer and replies reach
        // the client at the line rate, as over a UART.
        client = new IcpClient(RateLimitedLink.wrap(pair.a(), rate), new ReplyTimeouts(rate.isUnlimited() ? 0 : rate.baud()));
        responder = Thread.ofPlatform().daemon().start(() -> {
            List<ReceiverEvent> events = new ArrayList<>();
            FrameReceiver rx = new FrameReceiver(events::add);
            byte[] buf = new byte[65536];
            try {
                while (true) {
                    int n = peer.read(buf, 0, buf.length, Duration.ofMillis(100));
                    if (n < 0) {
                        return;
                    }
                    rx.feed(buf, 0, n);
                    for (ReceiverEvent e : events) {
                        requests.incrementAndGet();
                        script.answer(RequestPayload.decode(((ReceiverEvent.Payload) e).payload()), peer);
                    }
                    events.clear();
                }
            } catch (Exception e) {
                // closed
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        peer.close();
        responder.join(1000);
    }

    private static byte[] frame(ResponsePayload p) {
        return Frames.encode(p.encode());
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static RequestPayload sign(byte[] id) {
        return new RequestPayload(5, new byte[16], Command.SIGN, Arrays.copyOf(id, 48));
    }

    @Test
    void lostInitReplyCostsFiveSecondsNotTwelve() {
        start(LineRate.UNLIMITED, (r, link) -> { });
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.call(RequestPayload.unauthenticated(Command.INIT, new byte[0])))
                .isInstanceOf(NoValidReplyException.class)
                .hasMessage("no reply frame started within 5000 ms of the request");
        // 2 s compute + the storage module's 2 s gap + 1 s; D-50 waited 12 s.
        assertThat(since(t0)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(9));
        assertThat(requests.get()).isEqualTo(1); // never resent
    }

    @Test
    void lostSignReplyOfAKnownQuickKeyCostsEightSeconds() throws Exception {
        byte[] id = new byte[16];
        Arrays.fill(id, (byte) 0x5A);
        start(LineRate.UNLIMITED, (r, link) -> {
            if (r.knownCommand().orElseThrow() == Command.KEYGEN) {
                link.write(frame(ResponsePayload.success(r.session(), Command.KEYGEN, id)));
            } // SIGN: the reply is lost
        });
        IcpReply keygen = client.call(new RequestPayload(5, new byte[16], Command.KEYGEN, AlgId.encode(Algorithm.ES256.coseId())));
        assertThat(keygen.data()).isEqualTo(id);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.call(sign(id))).isInstanceOf(NoValidReplyException.class)
                .hasMessage("no reply frame started within 8000 ms of the request");
        // ES256: 5 s compute + 2 s + 1 s. D-50 waited 62 s on this link (114 s at 9600 bps).
        assertThat(since(t0)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(13));
    }

    @Test
    void replyStartingLateWithinItsAllowanceGetsItsWholeWireTime() throws Exception {
        // 4 s of "compute" (of PING's 5 s until the frame starts), then 2,959 bytes: 3.1 s at 9600 bps.
        // The reply completes ~7.2 s after the request, after the first-byte deadline.
        start(LineRate.BAUD_9600, (r, link) -> {
            Thread.sleep(4000);
            link.write(frame(ResponsePayload.success(r.session(), Command.PING, r.opData())));
        });
        byte[] data = new byte[2913];
        Arrays.fill(data, (byte) 0x11);
        long t0 = System.nanoTime();
        IcpReply reply = client.call(RequestPayload.unauthenticated(Command.PING, data));
        assertThat(reply.data()).isEqualTo(data);
        assertThat(since(t0)).isGreaterThan(Duration.ofSeconds(7));
    }

    @Test
    void tricklingReplyIsCutWhenItsLengthsWireTimeIsUsedUp() {
        // A frame that declares 1,000 payload bytes, then one byte every 1.5 s: never a D-1 gap,
        // but 1,020 bytes take 1.06 s at 9600 bps, so the deadline is 1.33 s + 2 s after the length.
        start(LineRate.BAUD_9600, (r, link) -> {
            byte[] f = frame(ResponsePayload.success(r.session(), Command.PING, new byte[994]));
            link.write(f, 0, 20);
            lengthSentAt.set(System.nanoTime());
            for (int i = 20; i < f.length; i++) {
                Thread.sleep(1500);
                link.write(f, i, 1);
            }
        });
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.call(RequestPayload.unauthenticated(Command.PING, new byte[994])))
                .isInstanceOf(NoValidReplyException.class)
                .hasMessage("reply frame of 1000 payload bytes not complete within 3328 ms of its length field");
        // Measured from when the peer wrote the length (it reaches the client 20.8 ms later at the line rate).
        assertThat(Duration.ofNanos(System.nanoTime() - lengthSentAt.get())).isBetween(Duration.ofMillis(3328), Duration.ofSeconds(7));
        assertThat(since(t0)).isLessThan(Duration.ofSeconds(12)); // D-50: 13.1 s
    }

    @Test
    void silenceInsideAFrameIsTheGapRule() {
        start(LineRate.UNLIMITED, (r, link) -> {
            byte[] f = frame(ResponsePayload.success(r.session(), Command.PING, r.opData()));
            link.write(f, 0, f.length / 2);
            lengthSentAt.set(System.nanoTime());
        });
        assertThatThrownBy(() -> client.call(RequestPayload.unauthenticated(Command.PING, new byte[100])))
                .isInstanceOf(NoValidReplyException.class).hasMessageContaining("GapTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - lengthSentAt.get())).isBetween(Duration.ofMillis(2000), Duration.ofSeconds(5));
    }

    /** The largest reply a frame can carry, 49,960 payload bytes (52.1 s at 9600 bps), is never cut off. */
    @Test
    void largestReplyAt9600BpsCompletes() throws Exception {
        byte[] signature = new byte[Frames.MAX_PAYLOAD - ResponsePayload.HEADER_LENGTH];
        for (int i = 0; i < signature.length; i++) {
            signature[i] = (byte) (i * 31 + 7);
        }
        start(LineRate.BAUD_9600, (r, link) -> {
            Thread.sleep(1500); // compute
            link.write(frame(ResponsePayload.success(r.session(), Command.SIGN, signature)));
        });
        long t0 = System.nanoTime();
        IcpReply reply = client.call(sign(new byte[16]));
        assertThat(reply.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(reply.data()).isEqualTo(signature);
        assertThat(since(t0)).isGreaterThan(Duration.ofSeconds(52)); // it really crossed a 9600-bps line
    }
}
