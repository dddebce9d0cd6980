package io.pqrstuv.operation.icp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.operation.support.TapLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ICP client against a hand-driven peer: reply validation (D-49), timeouts, no retries, FIFO. */
class IcpClientTest {
    private PipeLink peer;
    private TapLink tap;
    private IcpClient client;
    private Thread responder;
    private final AtomicInteger seen = new AtomicInteger();

    /** Starts a client whose peer answers each request payload with {@code reply} (null: stay silent). */
    private void start(Function<RequestPayload, byte[]> reply, Duration timeout) {
        PipeLink.Pair pair = PipeLink.pair();
        peer = pair.b();
        tap = new TapLink(pair.a());
        client = new IcpClient(tap, ReplyTimeouts.fixed(timeout));
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
                        seen.incrementAndGet();
                        byte[] out = reply.apply(RequestPayload.decode(((ReceiverEvent.Payload) e).payload()));
                        if (out != null) {
                            peer.write(out);
                        }
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

    private static RequestPayload ping(byte[] data) {
        return RequestPayload.unauthenticated(Command.PING, data);
    }

    @Test
    void echoedReplyIsAccepted() throws Exception {
        start(r -> frame(ResponsePayload.success(r.session(), Command.PING, r.opData())), Duration.ofSeconds(2));
        IcpReply reply = client.call(ping(new byte[] {1, 2, 3}));
        assertThat(reply.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(reply.data()).containsExactly(1, 2, 3);
    }

    @Test
    void wrongSessionOrCommandIsRejected() {
        start(r -> frame(ResponsePayload.success(r.session() + 1, Command.PING, r.opData())), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.call(ping(new byte[1]))).isInstanceOf(NoValidReplyException.class).hasMessageContaining("session");
    }

    @Test
    void wrongCommandIsRejected() {
        start(r -> frame(ResponsePayload.success(r.session(), Command.INIT, r.opData())), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.call(ping(new byte[1]))).isInstanceOf(NoValidReplyException.class).hasMessageContaining("command");
    }

    @Test
    void framingErrorRepliesCarryTheirCode() throws Exception {
        start(r -> frame(ResponsePayload.framingError(ResponseCode.CHECKSUM_FAIL)), Duration.ofSeconds(2));
        assertThat(client.call(ping(new byte[1])).code()).isEqualTo(ResponseCode.CHECKSUM_FAIL);
        assertThat(seen.get()).isEqualTo(1);
    }

    @Test
    void framingSessionWithAnotherCodeIsRejected() {
        start(r -> frame(ResponsePayload.error(Sessions.FRAMING_ERROR, 0xFF, ResponseCode.CMD_FAIL)), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.call(ping(new byte[1]))).isInstanceOf(NoValidReplyException.class);
    }

    @Test
    void pingReplyMustEchoTheRequestNotJustItsLength() throws Exception {
        // What a late reply to an earlier PING looks like: session 0, PING, same length, other data.
        start(r -> frame(ResponsePayload.success(r.session(), Command.PING, new byte[] {9, 9, 9})), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.call(ping(new byte[] {1, 2, 3}))).isInstanceOf(NoValidReplyException.class)
                .hasMessageContaining("echo");
        assertThat(client.call(ping(new byte[] {9, 9, 9})).data()).containsExactly(9, 9, 9);
    }

    @Test
    void inconsistentLengthsAreRejected() {
        start(r -> switch (r.knownCommand().orElseThrow()) {
            case INIT -> frame(ResponsePayload.success(r.session(), Command.INIT, new byte[19]));
            case KEY_LST -> frame(new ResponsePayload(r.session(), r.command(), ResponseCode.SUCCESS, new byte[] {0, 0, 0, 2, 1}));
            case PING -> frame(ResponsePayload.success(r.session(), Command.PING, new byte[0]));
            case KEYGEN -> frame(new ResponsePayload(r.session(), r.command(), ResponseCode.SUCCESS, new byte[15]));
            default -> frame(new ResponsePayload(r.session(), r.command(), ResponseCode.SUCCESS, new byte[1]));
        }, Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.call(RequestPayload.unauthenticated(Command.INIT, new byte[0]))).isInstanceOf(NoValidReplyException.class);
        assertThatThrownBy(() -> client.call(new RequestPayload(5, new byte[16], Command.KEY_LST, new byte[3]))).isInstanceOf(NoValidReplyException.class);
        assertThatThrownBy(() -> client.call(ping(new byte[4]))).isInstanceOf(NoValidReplyException.class);
        assertThatThrownBy(() -> client.call(new RequestPayload(5, new byte[16], Command.KEYGEN, new byte[3]))).isInstanceOf(NoValidReplyException.class);
        assertThatThrownBy(() -> client.call(new RequestPayload(5, new byte[16], Command.DEV_RST, new byte[0]))).isInstanceOf(NoValidReplyException.class);
    }

    @Test
    void errorCodeWithDataOrUnknownCodeIsRejected() {
        start(r -> {
            byte[] p = ResponsePayload.error(r.session(), r.command(), ResponseCode.CMD_FAIL).encode();
            byte[] bad = java.util.Arrays.copyOf(p, p.length + (r.opData().length == 1 ? 1 : 0));
            if (r.opData().length == 2) {
                bad[5] = 0x0A; // not a defined code
            }
            return Frames.encode(bad);
        }, Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.call(ping(new byte[1]))).isInstanceOf(NoValidReplyException.class);
        assertThatThrownBy(() -> client.call(ping(new byte[2]))).isInstanceOf(NoValidReplyException.class);
    }

    @Test
    void corruptedReplyIsRejected() {
        start(r -> {
            byte[] f = frame(ResponsePayload.success(r.session(), Command.PING, r.opData()));
            f[f.length - 20] ^= 1; // inside the CRC
            return f;
        }, Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.call(ping(new byte[8]))).isInstanceOf(NoValidReplyException.class).hasMessageContaining("invalid reply");
    }

    @Test
    void silenceTimesOutAndTheCommandIsSentOnce() {
        start(r -> null, Duration.ofMillis(700));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.call(ping(new byte[8]))).isInstanceOf(NoValidReplyException.class).hasMessageContaining("no reply");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(600), Duration.ofSeconds(3));
        assertThat(seen.get()).isEqualTo(1);
        assertThat(tap.requestFrames()).isEqualTo(1);
    }

    @Test
    void lateReplyIsNotTakenForTheNextOne() throws Exception {
        AtomicInteger n = new AtomicInteger();
        start(r -> {
            if (n.getAndIncrement() == 0) {
                try {
                    Thread.sleep(900); // answers after the client gave up
                } catch (InterruptedException e) {
                    return null;
                }
            }
            return frame(ResponsePayload.success(r.session(), Command.PING, r.opData()));
        }, Duration.ofMillis(500));
        assertThatThrownBy(() -> client.call(ping(new byte[] {1}))).isInstanceOf(NoValidReplyException.class);
        Thread.sleep(600);
        assertThat(client.call(ping(new byte[] {2})).data()).containsExactly(2);
    }

    @Test
    void concurrentCallersAreServedOneAtATimeInOrder() throws Exception {
        start(r -> frame(ResponsePayload.success(r.session(), Command.PING, r.opData())), Duration.ofSeconds(5));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] data = java.nio.ByteBuffer.allocate(4).putInt(i).array();
                results.add(pool.submit(() -> client.call(ping(data)).data()));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(java.nio.ByteBuffer.wrap(results.get(i).get()).getInt()).isEqualTo(i);
            }
        }
        assertThat(tap.requestFrames()).isEqualTo(200);
        assertThat(tap.violations()).isZero();
    }
}
