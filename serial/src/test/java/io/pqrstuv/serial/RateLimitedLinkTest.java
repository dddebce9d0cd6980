package io.pqrstuv.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.testkit.io.TimedReads;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class RateLimitedLinkTest {
    private static final long BYTE_NANOS = 1_041_667L; // 10 bits at 9600 bps, computed by hand

    /** Receives {@code n} bytes, recording when the count first reached each value. */
    private static long[] arrivalTimes(Link link, int n, long t0, Duration within) throws IOException {
        long[] at = new long[n];
        byte[] buf = new byte[4096];
        int got = 0;
        long deadline = System.nanoTime() + within.toNanos();
        while (got < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + got + " of " + n + " bytes within " + within);
            }
            int r = link.read(buf, 0, Math.min(buf.length, n - got), Duration.ofMillis(100));
            assertThat(r).isNotNegative();
            long now = System.nanoTime() - t0;
            for (int i = 0; i < r; i++) {
                at[got + i] = now;
            }
            got += r;
        }
        return at;
    }

    /**
     * No byte may arrive before its slot. Times are relative to just before the burst was written;
     * with at most one byte of idle credit, byte k (0-based) cannot be seen before k byte-times.
     */
    private static void assertNeverAheadOfTheLine(long[] at) {
        for (int k = 1; k < at.length; k++) {
            assertThat(at[k]).as("byte %d arrived early", k).isGreaterThanOrEqualTo(k * BYTE_NANOS);
        }
    }

    @Test
    @Tag("slow")
    void nineThousandSixHundredBytesTakeTenSecondsWithinTwoPercent() throws Exception {
        try (PipeLink.Pair p = PipeLink.pair()) {
            Link paced = RateLimitedLink.wrap(p.a(), LineRate.BAUD_9600);
            byte[] data = new byte[9600];
            new Random(42).nextBytes(data);
            long t0 = System.nanoTime();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    paced.write(data); // one burst: the limiter must spread it out
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            long[] at = arrivalTimes(p.b(), data.length, t0, Duration.ofSeconds(20));
            writer.get(5, TimeUnit.SECONDS);
            double seconds = at[at.length - 1] / 1e9;
            System.out.printf("rate limiter: 9600 bytes in %.4f s (%.3f %% off 10 s)%n", seconds, (seconds - 10) * 10);
            assertThat(seconds).isBetween(9.8, 10.2);
            assertNeverAheadOfTheLine(at);
            // spread evenly: the first second carries about 960 bytes, not the whole burst
            long inFirstSecond = java.util.Arrays.stream(at).filter(t -> t <= 1_000_000_000L).count();
            assertThat(inFirstSecond).isBetween(800L, 962L);
            paced.close();
        }
    }

    @Test
    void receivedBytesArePacedToo() throws Exception {
        try (PipeLink.Pair p = PipeLink.pair()) {
            Link paced = RateLimitedLink.wrap(p.b(), LineRate.BAUD_9600);
            byte[] data = new byte[480];
            new Random(3).nextBytes(data);
            long t0 = System.nanoTime();
            p.a().write(data); // arrives at the unpaced end all at once
            long[] at = arrivalTimes(paced, data.length, t0, Duration.ofSeconds(5));
            assertNeverAheadOfTheLine(at);
            assertThat(at[at.length - 1] / 1e9).isBetween(0.49, 0.9);
            paced.close();
        }
    }

    @Test
    void aLateReaderFindsEverythingThatArrived() throws Exception {
        try (PipeLink.Pair p = PipeLink.pair()) {
            Link paced = RateLimitedLink.wrap(p.b(), LineRate.BAUD_9600);
            byte[] data = new byte[480];
            new Random(5).nextBytes(data);
            p.a().write(data);
            Thread.sleep(800); // all 480 bytes (0.5 s of line) have arrived by now
            long t0 = System.nanoTime();
            assertThat(TimedReads.readFully(paced::read, data.length, Duration.ofSeconds(2))).isEqualTo(data);
            // like a UART's receive buffer: nothing is lost or paced a second time (that would take 0.5 s)
            assertThat(System.nanoTime() - t0).isLessThan(400_000_000L);
            paced.close();
        }
    }

    @Test
    void idleTimeGivesNoMoreThanOneByteOfCredit() throws Exception {
        try (PipeLink.Pair p = PipeLink.pair()) {
            Link paced = RateLimitedLink.wrap(p.a(), LineRate.BAUD_9600);
            Thread.sleep(300); // a long idle line
            byte[] data = new byte[97];
            long t0 = System.nanoTime();
            paced.write(data);
            long took = System.nanoTime() - t0;
            // 97 bytes with one byte of credit: 96 byte-times = 100 ms, however long the line idled.
            assertThat(took).isGreaterThanOrEqualTo(96 * BYTE_NANOS - 1_000_000L).isLessThan(1_000_000_000L);
            assertThat(TimedReads.readFully(p.b()::read, data.length, Duration.ofSeconds(1))).isEqualTo(data);
            paced.close();
        }
    }

    @Test
    void consecutiveSmallWritesKeepTheLineRate() throws Exception {
        try (PipeLink.Pair p = PipeLink.pair()) {
            Link paced = RateLimitedLink.wrap(p.a(), LineRate.BAUD_9600);
            long t0 = System.nanoTime();
            for (int i = 0; i < 288; i++) {
                paced.write(new byte[] {(byte) i});
            }
            long took = System.nanoTime() - t0;
            // 288 bytes = 0.3 s of line: never faster, even though each call starts on a line that
            // is momentarily idle (the one-byte credit). The upper bound only guards against a
            // stall; a loaded 2-core machine may wake writers late, which a busy line can't recover.
            assertThat(took).isGreaterThanOrEqualTo(287 * BYTE_NANOS - 1_000_000L).isLessThan(900_000_000L);
            assertThat(TimedReads.readFully(p.b()::read, 288, Duration.ofSeconds(1))[287]).isEqualTo((byte) 287);
            paced.close();
        }
    }

    @Test
    void pacingBothEndsDoesNotDoubleTheWireTime() throws Exception {
        try (PipeLink.Pair p = PipeLink.pair()) {
            Link a = RateLimitedLink.wrap(p.a(), LineRate.BAUD_9600);
            Link b = RateLimitedLink.wrap(p.b(), LineRate.BAUD_9600);
            byte[] data = new byte[480];
            new Random(9).nextBytes(data);
            long t0 = System.nanoTime();
            CompletableFuture<Void> w = CompletableFuture.runAsync(() -> {
                try {
                    a.write(data);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            long[] at = arrivalTimes(b, data.length, t0, Duration.ofSeconds(5));
            w.get(2, TimeUnit.SECONDS);
            assertThat(at[at.length - 1] / 1e9).as("one line time, not two").isBetween(0.49, 0.9);
            a.close();
            b.close();
        }
    }

    @Test
    void closePropagatesBothWays() throws Exception {
        PipeLink.Pair p = PipeLink.pair();
        Link paced = RateLimitedLink.wrap(p.a(), LineRate.BAUD_9600);
        p.b().write(new byte[] {1, 2, 3});
        p.b().close();
        assertThat(TimedReads.drainToEnd(paced::read, Duration.ofSeconds(2))).isEqualTo(3);
        paced.close();
        assertThatThrownBy(() -> paced.write(new byte[] {1})).isInstanceOf(IOException.class).hasMessageContaining("closed");

        PipeLink.Pair q = PipeLink.pair();
        Link pacedQ = RateLimitedLink.wrap(q.a(), LineRate.BAUD_9600);
        pacedQ.close();
        assertThat(q.b().read(new byte[4], 0, 4, Duration.ofSeconds(1))).isEqualTo(-1);
        assertThat(pacedQ.read(new byte[4], 0, 4, Duration.ofMillis(10))).isEqualTo(-1);
    }

    @Test
    void unlimitedIsTheLinkItself() {
        try (PipeLink.Pair p = PipeLink.pair()) {
            assertThat(RateLimitedLink.wrap(p.a(), LineRate.UNLIMITED)).isSameAs(p.a());
        }
    }

    @Test
    void describesTheRate() throws IOException {
        try (PipeLink.Pair p = PipeLink.pair(); Link paced = RateLimitedLink.wrap(p.a(), LineRate.parse("9600"))) {
            assertThat(paced.describe()).isEqualTo("pipe:a paced at 9600-8N1");
        }
    }
}
