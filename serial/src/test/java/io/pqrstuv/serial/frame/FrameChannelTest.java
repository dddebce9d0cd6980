package io.pqrstuv.serial.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.testkit.io.TimedReads;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void payloadsCrossAsWholeFrames() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        RecordingListener rb = new RecordingListener();
        try (FrameChannel a = FrameChannel.start(p.a(), new RecordingListener()); FrameChannel _ = FrameChannel.start(p.b(), rb)) {
            byte[] big = new byte[Frames.MAX_PAYLOAD];
            new Random(1).nextBytes(big);
            a.send(new byte[0]);
            a.send(new byte[] {1, 2, 3});
            a.send(big);
            assertThat(rb.nextPayload(WAIT)).isEmpty();
            assertThat(rb.nextPayload(WAIT)).containsExactly(1, 2, 3);
            assertThat(rb.nextPayload(WAIT)).isEqualTo(big);
        }
    }

    @Test
    void theWireCarriesExactlyTheEncodedFrame() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        try (FrameChannel a = FrameChannel.start(p.a(), new RecordingListener())) {
            a.send(new byte[] {0x50, 0x51});
            byte[] wire = TimedReads.readFully(p.b()::read, 42, WAIT);
            // preamble ‖ 00000002 ‖ 5051 ‖ CRC-32(00000002 5051) ‖ trailer, assembled independently
            ByteBuffer expected = ByteBuffer.allocate(42).put(Frames.preamble()).putInt(2).put(new byte[] {0x50, 0x51});
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(new byte[] {0, 0, 0, 2, 0x50, 0x51});
            expected.putInt((int) crc.getValue()).put(Frames.trailer());
            assertThat(wire).isEqualTo(expected.array());
        }
    }

    @Test
    void halfAFrameThenSilenceGivesAGapTimeoutAfterTwoSeconds() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        RecordingListener rb = new RecordingListener();
        try (FrameChannel _ = FrameChannel.start(p.b(), rb)) {
            byte[] frame = Frames.encode(new byte[100]);
            long t0 = System.nanoTime();
            p.a().write(Arrays.copyOf(frame, 70));
            ReceiverEvent e = rb.next(Duration.ofSeconds(6));
            long took = System.nanoTime() - t0;
            assertThat(e).isEqualTo(new ReceiverEvent.GapTimeout(70));
            assertThat(e.errorReply()).isEqualTo(ResponseCode.CHECKSUM_FAIL);
            assertThat(took).isBetween(2_000_000_000L, 3_500_000_000L);
            // the receiver is back in HUNT: a following good frame is delivered
            p.a().write(Frames.encode(new byte[] {9}));
            assertThat(rb.nextPayload(WAIT)).containsExactly(9);
        }
    }

    @Test
    void shortGapTimeoutIsHonoured() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        RecordingListener rb = new RecordingListener();
        try (FrameChannel _ = FrameChannel.start(p.b(), rb, Duration.ofMillis(300), Duration.ofSeconds(3))) {
            long t0 = System.nanoTime();
            p.a().write(Arrays.copyOf(Frames.encode(new byte[10]), 25));
            assertThat(rb.next(WAIT)).isEqualTo(new ReceiverEvent.GapTimeout(25));
            // the poll interval (3 s) does not delay it: the reader wakes when the gap expires
            assertThat(System.nanoTime() - t0).isBetween(300_000_000L, 2_000_000_000L);
        }
    }

    @Test
    void framingErrorsAreReportedAsEvents() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        RecordingListener rb = new RecordingListener();
        try (FrameChannel _ = FrameChannel.start(p.b(), rb)) {
            byte[] bad = Frames.encode(new byte[] {1, 2, 3});
            bad[21] ^= 0x01;
            p.a().write(bad);
            assertThat(rb.next(WAIT)).isEqualTo(new ReceiverEvent.ChecksumFailure(ReceiverEvent.ChecksumFailure.Cause.CRC_MISMATCH));
            ByteBuffer oversize = ByteBuffer.allocate(20).put(Frames.preamble()).putInt(Frames.MAX_PAYLOAD + 1);
            p.a().write(oversize.array());
            assertThat(rb.next(WAIT)).isEqualTo(new ReceiverEvent.Oversize(49_961));
        }
    }

    @Test
    void theListenerCanReplyFromTheCallback() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        FrameListener echo = (channel, event) -> {
            if (event instanceof ReceiverEvent.Payload(byte[] payload)) {
                try {
                    byte[] reply = payload.clone();
                    for (int i = 0; i < reply.length; i++) {
                        reply[i] = (byte) ~reply[i];
                    }
                    channel.send(reply);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }
        };
        RecordingListener ra = new RecordingListener();
        try (FrameChannel _ = FrameChannel.start(p.b(), echo); FrameChannel client = FrameChannel.start(p.a(), ra)) {
            for (int i = 0; i < 50; i++) {
                client.send(new byte[] {(byte) i, 0});
                assertThat(ra.nextPayload(WAIT)).containsExactly(~i, ~0);
            }
        }
    }

    @Test
    void concurrentSendersNeverInterleaveFrames() throws Exception {
        PipeLink.Pair p = PipeLink.pair(1024); // small buffer: senders block midway through frames
        RecordingListener rb = new RecordingListener();
        int senders = 6;
        int perSender = 150;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try (FrameChannel a = FrameChannel.start(p.a(), new RecordingListener()); FrameChannel _ = FrameChannel.start(p.b(), rb)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int id = s;
                jobs.add(pool.submit(() -> {
                    Random r = new Random(id);
                    for (int i = 0; i < perSender; i++) {
                        a.send(payload(id, i, r.nextInt(3000)));
                    }
                    return null;
                }));
            }
            Map<Integer, Integer> nextSeq = new HashMap<>();
            for (int n = 0; n < senders * perSender; n++) {
                byte[] got = rb.nextPayload(Duration.ofSeconds(20));
                ByteBuffer bb = ByteBuffer.wrap(got);
                int id = bb.getInt();
                int seq = bb.getInt();
                assertThat(seq).as("sender %d order", id).isEqualTo(nextSeq.getOrDefault(id, 0));
                nextSeq.put(id, seq + 1);
                assertThat(got).isEqualTo(payload(id, seq, got.length - 8));
            }
            for (Future<?> j : jobs) {
                j.get(5, TimeUnit.SECONDS);
            }
            assertThat(rb.events).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** sender id ‖ sequence ‖ bytes derived from both, so any mix-up is visible. */
    static byte[] payload(int id, int seq, int extra) {
        ByteBuffer bb = ByteBuffer.allocate(8 + extra).putInt(id).putInt(seq);
        Random r = new Random(id * 1_000_003L + seq);
        byte[] tail = new byte[extra];
        r.nextBytes(tail);
        return bb.put(tail).array();
    }

    @Test
    void closeStopsTheReaderAndClosesTheLink() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        RecordingListener ra = new RecordingListener();
        FrameChannel a = FrameChannel.start(p.a(), ra);
        a.close();
        assertThat(ra.closed.get(2, TimeUnit.SECONDS)).isNull();
        assertThat(a.isOpen()).isFalse();
        assertThat(p.b().read(new byte[1], 0, 1, Duration.ofSeconds(1))).isEqualTo(-1);
        assertThatThrownBy(() -> a.send(new byte[1])).isInstanceOf(IOException.class).hasMessageContaining("closed");
        a.close(); // idempotent
    }

    @Test
    void peerHangUpIsReported() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        RecordingListener ra = new RecordingListener();
        FrameChannel a = FrameChannel.start(p.a(), ra);
        p.b().close();
        assertThat(ra.closed.get(2, TimeUnit.SECONDS)).isInstanceOf(EOFException.class).hasMessageContaining("pipe:a");
        assertThat(a.isOpen()).isFalse();
    }

    @Test
    void aListenerThatThrowsClosesTheChannel() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        java.util.concurrent.CompletableFuture<Throwable> closed = new java.util.concurrent.CompletableFuture<>();
        FrameListener broken = new FrameListener() {
            @Override
            public void onEvent(FrameChannel channel, ReceiverEvent event) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onClosed(FrameChannel channel, Throwable cause) {
                closed.complete(cause);
            }
        };
        FrameChannel b = FrameChannel.start(p.b(), broken);
        p.a().write(Frames.encode(new byte[1]));
        assertThat(closed.get(2, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class).hasMessage("listener bug");
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void theListenerMayCloseTheChannel() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        java.util.concurrent.CompletableFuture<Throwable> closed = new java.util.concurrent.CompletableFuture<>();
        FrameListener closer = new FrameListener() {
            @Override
            public void onEvent(FrameChannel channel, ReceiverEvent event) {
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }

            @Override
            public void onClosed(FrameChannel channel, Throwable cause) {
                closed.complete(cause);
            }
        };
        FrameChannel.start(p.b(), closer);
        p.a().write(Frames.encode(new byte[1]));
        assertThat(closed.get(2, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void oversizePayloadIsRefusedBeforeTouchingTheLink() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        try (FrameChannel a = FrameChannel.start(p.a(), new RecordingListener())) {
            assertThatThrownBy(() -> a.send(new byte[Frames.MAX_PAYLOAD + 1])).isInstanceOf(IllegalArgumentException.class);
            assertThat(p.b().read(new byte[1], 0, 1, Duration.ofMillis(100))).isZero();
        }
    }
}
