package io.pqrstuv.testkit.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.serial.Link;
import io.pqrstuv.testkit.io.TimedReads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The tap forwards every byte unchanged and records every frame, in both directions at once. */
class IcpTapRelayTest {
    private static final int FRAMES = 300;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void manyRandomFramesBothWaysArriveByteExactAndAreRecordedInOrder(Transport transport) throws Exception {
        List<byte[]> requests = randomPayloads(new Random(1), FRAMES);
        List<byte[]> responses = randomPayloads(new Random(2), FRAMES);
        byte[] toSm = concatFrames(requests);
        byte[] toOm = concatFrames(responses);
        // Own threads: the common pool may have a single thread on a 2-core machine.
        // The pool closes last: closing the links first unblocks any writer left hanging by a failure.
        try (ExecutorService pool = Executors.newFixedThreadPool(3); Transport.Wired w = transport.wire()) {
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> writeInPieces(w.om(), toSm, new Random(3)), pool);
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> writeInPieces(w.sm(), toOm, new Random(4)), pool);
            CompletableFuture<byte[]> atSm = CompletableFuture.supplyAsync(() -> read(w.sm(), toSm.length), pool);
            byte[] atOm = TimedReads.readFully(w.om()::read, toOm.length, Duration.ofSeconds(60));
            assertThat(atSm.get(60, TimeUnit.SECONDS)).isEqualTo(toSm);
            assertThat(atOm).isEqualTo(toOm);
            a.get(5, TimeUnit.SECONDS);
            b.get(5, TimeUnit.SECONDS);
            // Nothing more than the frames came out.
            assertThat(w.om().read(new byte[1], 0, 1, Duration.ofMillis(100))).isZero();
            assertThat(w.sm().read(new byte[1], 0, 1, Duration.ofMillis(100))).isZero();

            TapRecording rec = w.tap().recording();
            assertPayloads(rec.requests(), requests);
            assertPayloads(rec.responses(), responses);
            assertThat(rec.anomalies()).isEmpty();
            List<Long> seqs = rec.entries().stream().map(TapEntry::seq).toList();
            assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(2 * FRAMES);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSmallFrameIsForwardedPromptlyWithoutWaitingForMore(Transport transport) throws Exception {
        try (Transport.Wired w = transport.wire()) {
            byte[] frame = Frames.encode(new byte[] {1, 2, 3});
            // Only the first half: a relay that waited for whole frames would forward nothing.
            w.om().write(frame, 0, 20);
            assertThat(TimedReads.readFully(w.sm()::read, 20, Duration.ofSeconds(2))).isEqualTo(java.util.Arrays.copyOf(frame, 20));
            w.om().write(frame, 20, frame.length - 20);
            assertThat(TimedReads.readFully(w.sm()::read, frame.length - 20, Duration.ofSeconds(2)))
                    .isEqualTo(java.util.Arrays.copyOfRange(frame, 20, frame.length));
            assertThat(w.tap().recording().awaitRequests(1, Duration.ofSeconds(2)).getFirst().payloadEquals(new byte[] {1, 2, 3}))
                    .isTrue();
        }
    }

    static void assertPayloads(List<TapEntry.Frame> seen, List<byte[]> sent) {
        assertThat(seen).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(seen.get(i).payload()).as("frame %d", i).isEqualTo(sent.get(i));
        }
    }

    /** Sizes 0..2,000, plus a few large ones; some payloads embed the preamble and trailer. */
    static List<byte[]> randomPayloads(Random r, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int size = i % 50 == 7 ? 20_000 + r.nextInt(Frames.MAX_PAYLOAD - 20_000 + 1) : r.nextInt(2001);
            byte[] p = new byte[size];
            r.nextBytes(p);
            if (size >= 40 && i % 3 == 0) {
                System.arraycopy(Frames.preamble(), 0, p, 3, 16);
                System.arraycopy(Frames.trailer(), 0, p, size - 17, 16);
            }
            out.add(p);
        }
        return out;
    }

    static byte[] concatFrames(List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        payloads.forEach(p -> out.writeBytes(Frames.encode(p)));
        return out.toByteArray();
    }

    /** Writes in random-sized pieces so that frame boundaries fall anywhere within reads. */
    static void writeInPieces(Link link, byte[] bytes, Random r) {
        try {
            for (int off = 0; off < bytes.length; ) {
                int n = Math.min(bytes.length - off, 1 + r.nextInt(5000));
                link.write(bytes, off, n);
                off += n;
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static byte[] read(Link link, int n) {
        try {
            return TimedReads.readFully(link::read, n, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
