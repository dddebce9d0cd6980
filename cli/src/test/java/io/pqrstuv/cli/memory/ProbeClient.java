package io.pqrstuv.cli.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.Link;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** The operation module's side of ICP, for the probe: one request, one reply, authenticated with a secret. */
final class ProbeClient {
    private final Link link;
    private final Deque<ReceiverEvent> events = new ArrayDeque<>();
    private final FrameReceiver rx = new FrameReceiver(events::add);
    private final byte[] buf = new byte[65536];

    ProbeClient(Link link) {
        this.link = link;
    }

    ResponsePayload call(RequestPayload request) throws Exception {
        link.write(Frames.encode(request.encode()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (events.isEmpty() && System.nanoTime() < deadline) {
            int n = link.read(buf, 0, buf.length, Duration.ofMillis(200));
            if (n > 0) {
                rx.feed(buf, 0, n);
            }
        }
        assertThat(events).as("a reply to %s", request.knownCommand()).isNotEmpty();
        ReceiverEvent e = events.poll();
        assertThat(e).isInstanceOf(ReceiverEvent.Payload.class);
        return ResponsePayload.decode(((ReceiverEvent.Payload) e).payload());
    }

    /** INIT, then {@code command} with the token for {@code secret}; asserts SUCCESS and returns the data. */
    byte[] authenticated(byte[] secret, Command command, byte[] opData) throws Exception {
        ResponsePayload init = call(RequestPayload.unauthenticated(Command.INIT, new byte[0]));
        assertThat(init.code()).isEqualTo(ResponseCode.SUCCESS);
        int session = Sessions.fromBytes(init.data(), 0);
        byte[] nonce = Arrays.copyOfRange(init.data(), 4, 20);
        ResponsePayload r = call(new RequestPayload(session, AuthToken.compute(secret, nonce), command, opData));
        assertThat(r.code()).as("%s", command).isEqualTo(ResponseCode.SUCCESS);
        return r.data();
    }
}
