package io.pqrstuv.icp.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Random valid frames, interleaved with random garbage and cut at random points, are all
 * recovered exactly and nothing else is reported.
 */
class FrameReceiverPropertyTest {
    private static final byte[] PREAMBLE = Frames.preamble();
    private static final byte[] TRAILER = Frames.trailer();

    /** One piece of garbage followed by one frame's payload. */
    record Segment(byte[] garbage, byte[] payload) {
    }

    @Property(tries = 400)
    void framesAmidGarbageAreAllRecovered(@ForAll("segments") List<Segment> segments,
            @ForAll("tailGarbage") byte[] tail, @ForAll("cuts") List<Integer> cutSeeds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Segment s : segments) {
            out.writeBytes(s.garbage());
            out.writeBytes(Frames.encode(s.payload()));
        }
        out.writeBytes(tail);
        byte[] stream = out.toByteArray();

        Recorder r = new Recorder();
        int[] cuts = cutSeeds.stream().mapToInt(c -> Math.floorMod(c, stream.length + 1)).sorted().distinct().toArray();
        int from = 0;
        for (int cut : cuts) {
            r.receiver.feed(stream, from, cut - from);
            from = cut;
        }
        r.receiver.feed(stream, from, stream.length - from);

        assertThat(r.events).allMatch(ReceiverEvent.Payload.class::isInstance);
        List<byte[]> got = r.payloads();
        assertThat(got).hasSameSizeAs(segments);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(segments.get(i).payload());
        }
        Statistics.label("garbage with a partial preamble")
                .collect(segments.stream().anyMatch(s -> endsWithPartialPreamble(s.garbage())));
    }

    @Property(tries = 200)
    void oneByteChunksRecoverEverything(@ForAll("segments") List<Segment> segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Segment s : segments) {
            out.writeBytes(s.garbage());
            out.writeBytes(Frames.encode(s.payload()));
        }
        Recorder r = new Recorder();
        r.feed(out.toByteArray(), 1);
        assertThat(r.events).hasSameSizeAs(segments);
        for (int i = 0; i < segments.size(); i++) {
            assertThat(((ReceiverEvent.Payload) r.events.get(i)).payload()).isEqualTo(segments.get(i).payload());
        }
    }

    @Property(tries = 200)
    void corruptingOneFrameByteNeverYieldsAWrongPayload(@ForAll("payloads") byte[] payload,
            @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] frame = Frames.encode(payload);
        int at = where % frame.length;
        frame[at] ^= (byte) flip;
        Recorder r = new Recorder();
        r.feed(frame);
        r.feed(new byte[60]); // flush a frame whose length grew a little
        r.feed(Frames.encode(payload));
        // A corrupted frame is reported or ignored, never delivered; the clean frame after it is
        // delivered unless the corrupted length swallowed it.
        for (ReceiverEvent e : r.events) {
            if (e instanceof ReceiverEvent.Payload p) {
                assertThat(p.payload()).isEqualTo(payload);
            }
        }
        assertThat(r.payloads()).hasSizeLessThanOrEqualTo(1);
    }

    @Provide
    Arbitrary<List<Segment>> segments() {
        return Combinators.combine(garbage(), payloads()).as(Segment::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<byte[]> tailGarbage() {
        return garbage();
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<Byte> markerish = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.bytes()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of((byte) 0x00, (byte) 0xFF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(PREAMBLE[4], PREAMBLE[7], TRAILER[4], TRAILER[8])));
        Arbitrary<byte[]> small = markerish.array(byte[].class).ofMaxSize(300);
        // Whole markers inside the payload: the receiver must not split on them.
        Arbitrary<byte[]> withMarkers = Combinators.combine(small, Arbitraries.of(PREAMBLE, TRAILER), small)
                .as((a, m, b) -> concat(a, m, b));
        Arbitrary<byte[]> large = Arbitraries.bytes().array(byte[].class).ofMinSize(40_000).ofMaxSize(Frames.MAX_PAYLOAD);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, small),
                net.jqwik.api.Tuple.of(5, withMarkers),
                net.jqwik.api.Tuple.of(1, large));
    }

    /**
     * Garbage that holds no preamble and forms none together with the frame after it, but may end
     * in a partial one (for example a run of zeros right before a real preamble).
     */
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(60);
        Arbitrary<byte[]> zeros = Arbitraries.integers().between(1, 40).map(byte[]::new);
        Arbitrary<byte[]> partialPreamble = Arbitraries.integers().between(1, 15).map(n -> Arrays.copyOf(PREAMBLE, n));
        Arbitrary<byte[]> trailerBits = Arbitraries.integers().between(1, 16).map(n -> Arrays.copyOf(TRAILER, n));
        Arbitrary<byte[]> piece = Arbitraries.oneOf(noise, zeros, partialPreamble, trailerBits);
        return piece.list().ofMaxSize(5)
                .map(pieces -> concat(pieces.toArray(byte[][]::new)))
                .filter(FrameReceiverPropertyTest::cannotStartAFrameEarly);
    }

    /** The first preamble in {@code garbage ‖ preamble} is the real one. */
    static boolean cannotStartAFrameEarly(byte[] garbage) {
        byte[] joined = concat(garbage, PREAMBLE);
        return indexOf(joined, PREAMBLE) == garbage.length;
    }

    private static boolean endsWithPartialPreamble(byte[] garbage) {
        return garbage.length > 0 && garbage[garbage.length - 1] == 0;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Property(tries = 50)
    void garbageFilterIsNotTrivial(@ForAll @IntRange(min = 12, max = 15) int n) {
        // A preamble cut after 12..15 bytes completes early on the real preamble's zeros: the
        // generator must reject it, or the property above would test nothing about it.
        assertThat(cannotStartAFrameEarly(Arrays.copyOf(PREAMBLE, n))).isFalse();
        assertThat(cannotStartAFrameEarly(Arrays.copyOf(PREAMBLE, 11))).isTrue();
        assertThat(cannotStartAFrameEarly(new byte[40])).isTrue();
    }

}
