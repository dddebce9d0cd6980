package io.pqrstuv.serial.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The embedded default: both modules on a pipe paced at 9600 bps show the real wire time. */
class PacedRoundTripTest {

    @Test
    void getInfoRoundTripTakesItsWireTime() throws Exception {
        // GET_INFO in the notes' §4 table: 61-byte request frame, 224-byte reply frame = 285 bytes.
        byte[] request = new byte[21];
        byte[] reply = new byte[224 - Frames.OVERHEAD];
        PipeLink.Pair p = PipeLink.pair();
        Link clientSide = RateLimitedLink.wrap(p.a(), LineRate.BAUD_9600);
        Link serverSide = RateLimitedLink.wrap(p.b(), LineRate.BAUD_9600);
        FrameListener server = (channel, event) -> {
            if (event instanceof ReceiverEvent.Payload) {
                try {
                    channel.send(reply);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }
        };
        RecordingListener client = new RecordingListener();
        try (FrameChannel _ = FrameChannel.start(serverSide, server); FrameChannel c = FrameChannel.start(clientSide, client)) {
            c.send(request); // warm-up: thread start-up and class loading are not wire time
            client.nextPayload(Duration.ofSeconds(5));
            double seconds = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                c.send(request);
                assertThat(client.nextPayload(Duration.ofSeconds(5))).hasSize(reply.length);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("paced GET_INFO round trip %.4f s%n", s);
                // 285 bytes × 10 bits / 9600 bps = 0.2969 s. Each frame's last byte is handed over as
                // its slot starts (one byte of idle credit), so the floor is 283 byte-times = 0.2948 s.
                assertThat(s).isGreaterThanOrEqualTo(283 * 1_041_667e-9);
                seconds = Math.min(seconds, s);
            }
            // and pacing adds next to nothing (the best of five; single runs suffer scheduler delays)
            assertThat(seconds).isLessThan(0.40);
        }
    }
}
