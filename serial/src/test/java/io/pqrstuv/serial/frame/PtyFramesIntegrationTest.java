package io.pqrstuv.serial.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.Links;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two endpoints on a socat pty pair, through jSerialComm, as the storage and operation modules use them. */
@Tag("slow")
class PtyFramesIntegrationTest {
    private static final int FRAMES = 1000;

    @Test
    void thousandRandomFramesEachWayArriveIntactAndInOrder() throws Exception {
        List<byte[]> aToB = randomPayloads(new Random(0xA), FRAMES);
        List<byte[]> bToA = randomPayloads(new Random(0xB), FRAMES);
        RecordingListener atA = new RecordingListener();
        RecordingListener atB = new RecordingListener();
        try (SocatPtyPair ptys = SocatPtyPair.start();
                Link linkA = Links.open("serial:" + ptys.a());
                Link linkB = Links.open(ptys.b().toString());
                FrameChannel a = FrameChannel.start(linkA, atA);
                FrameChannel b = FrameChannel.start(linkB, atB)) {
            long t0 = System.nanoTime();
            CompletableFuture<Void> sendA = CompletableFuture.runAsync(() -> sendAll(a, aToB));
            CompletableFuture<Void> sendB = CompletableFuture.runAsync(() -> sendAll(b, bToA));
            assertReceivedInOrder(atB, aToB);
            assertReceivedInOrder(atA, bToA);
            double seconds = (System.nanoTime() - t0) / 1e9;
            sendA.get(10, TimeUnit.SECONDS);
            sendB.get(10, TimeUnit.SECONDS);
            long wireBytes = wireBytes(aToB) + wireBytes(bToA);
            System.out.printf("pty duplex: %d frames, %d wire bytes in %.3f s = %.0f bytes/s total (unlimited)%n",
                    2 * FRAMES, wireBytes, seconds, wireBytes / seconds);
            assertThat(atA.events).isEmpty();
            assertThat(atB.events).isEmpty();
        }
    }

    @Test
    void oneWayThroughputOfLargeFrames() throws Exception {
        // Measurement for docs/benchmarks.md: how fast a pty moves frames with no line-rate limit.
        List<byte[]> frames = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 100; i++) {
            byte[] p = new byte[Frames.MAX_PAYLOAD];
            r.nextBytes(p);
            frames.add(p);
        }
        RecordingListener atB = new RecordingListener();
        try (SocatPtyPair ptys = SocatPtyPair.start();
                FrameChannel a = FrameChannel.start(Links.open(ptys.a().toString()), new RecordingListener());
                FrameChannel _ = FrameChannel.start(Links.open(ptys.b().toString()), atB)) {
            long t0 = System.nanoTime();
            CompletableFuture<Void> send = CompletableFuture.runAsync(() -> sendAll(a, frames));
            assertReceivedInOrder(atB, frames);
            double seconds = (System.nanoTime() - t0) / 1e9;
            send.get(10, TimeUnit.SECONDS);
            long bytes = wireBytes(frames);
            System.out.printf("pty one-way: 100 frames of 50,000 bytes, %d bytes in %.3f s = %.0f bytes/s%n",
                    bytes, seconds, bytes / seconds);
            assertThat(bytes / seconds).as("far above the 960 bytes/s line").isGreaterThan(96_000);
        }
    }

    private static List<byte[]> randomPayloads(Random r, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // mostly ICP-sized payloads, some large ones, and the empty one
            int len = switch (i % 50) {
                case 0 -> 0;
                case 1 -> Frames.MAX_PAYLOAD;
                case 2, 3, 4 -> r.nextInt(20_000);
                default -> r.nextInt(600);
            };
            byte[] p = new byte[len];
            r.nextBytes(p);
            if (len > 40 && i % 7 == 0) {
                // embedded preamble and trailer must not confuse the length-delimited receiver
                System.arraycopy(Frames.preamble(), 0, p, 3, 16);
                System.arraycopy(Frames.trailer(), 0, p, 20, 16);
            }
            out.add(p);
        }
        return out;
    }

    private static void sendAll(FrameChannel ch, List<byte[]> payloads) {
        try {
            for (byte[] p : payloads) {
                ch.send(p);
            }
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void assertReceivedInOrder(RecordingListener at, List<byte[]> sent) throws Exception {
        for (int i = 0; i < sent.size(); i++) {
            ReceiverEvent e = at.next(Duration.ofSeconds(60));
            assertThat(e).as("event %d", i).isInstanceOf(ReceiverEvent.Payload.class);
            byte[] got = ((ReceiverEvent.Payload) e).payload();
            assertThat(MessageDigest.isEqual(got, sent.get(i))).as("frame %d (%d bytes) intact", i, sent.get(i).length).isTrue();
        }
    }

    private static long wireBytes(List<byte[]> payloads) {
        return payloads.stream().mapToLong(p -> p.length + Frames.OVERHEAD).sum();
    }
}
