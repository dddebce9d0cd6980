package io.pqrstuv.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.testkit.io.TimedReads;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PipeLinkTest {

    @Test
    void bytesCrossInBothDirections() throws IOException {
        try (PipeLink.Pair p = PipeLink.pair()) {
            p.a().write(new byte[] {1, 2, 3});
            p.b().write(new byte[] {9});
            assertThat(TimedReads.readFully(p.b()::read, 3, Duration.ofSeconds(1))).containsExactly(1, 2, 3);
            assertThat(TimedReads.readFully(p.a()::read, 1, Duration.ofSeconds(1))).containsExactly(9);
        }
    }

    @Test
    void readTimesOutWithZero() throws IOException {
        try (PipeLink.Pair p = PipeLink.pair()) {
            byte[] buf = new byte[8];
            long t0 = System.nanoTime();
            assertThat(p.a().read(buf, 0, buf.length, Duration.ofMillis(100))).isZero();
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(95_000_000L);
            t0 = System.nanoTime();
            assertThat(p.a().read(buf, 0, buf.length, Duration.ZERO)).isZero();
            assertThat(System.nanoTime() - t0).isLessThan(500_000_000L);
        }
    }

    @Test
    void aReadReturnsWhatIsThereWithoutWaitingForMore() throws IOException {
        try (PipeLink.Pair p = PipeLink.pair()) {
            p.a().write(new byte[] {5, 6});
            byte[] buf = new byte[100];
            long t0 = System.nanoTime();
            assertThat(p.b().read(buf, 10, 90, Duration.ofSeconds(10))).isEqualTo(2);
            assertThat(System.nanoTime() - t0).isLessThan(1_000_000_000L);
            assertThat(buf[10]).isEqualTo((byte) 5);
            assertThat(buf[11]).isEqualTo((byte) 6);
        }
    }

    @Test
    void closePropagatesEndOfStreamAfterBufferedBytes() throws IOException {
        PipeLink.Pair p = PipeLink.pair();
        p.a().write(new byte[] {7, 8});
        p.a().close();
        byte[] buf = new byte[8];
        assertThat(p.b().read(buf, 0, 8, Duration.ofMillis(100))).isEqualTo(2);
        assertThat(p.b().read(buf, 0, 8, Duration.ofMillis(100))).isEqualTo(-1);
        assertThat(p.a().read(buf, 0, 8, Duration.ofMillis(100))).isEqualTo(-1);
        assertThatThrownBy(() -> p.a().write(new byte[] {1})).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> p.b().write(new byte[] {1})).isInstanceOf(IOException.class).hasMessageContaining("peer closed");
        p.b().close();
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
        try (PipeLink.Pair p = PipeLink.pair()) {
            CompletableFuture<Integer> r = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.b().read(new byte[4], 0, 4, Duration.ofSeconds(30));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(100);
            p.a().close();
            assertThat(r.get(2, TimeUnit.SECONDS)).isEqualTo(-1);
        }
    }

    @Test
    void boundedBufferBlocksTheWriterUntilTheReaderCatchesUp() throws Exception {
        try (PipeLink.Pair p = PipeLink.pair(16)) {
            byte[] data = new byte[1000];
            new Random(1).nextBytes(data);
            CompletableFuture<Void> w = CompletableFuture.runAsync(() -> {
                try {
                    p.a().write(data);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThatThrownBy(() -> w.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(TimedReads.readFully(p.b()::read, data.length, Duration.ofSeconds(5))).isEqualTo(data);
            w.get(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void closingTheReaderFailsABlockedWriter() throws Exception {
        PipeLink.Pair p = PipeLink.pair(8);
        CompletableFuture<Void> w = CompletableFuture.runAsync(() -> {
            try {
                p.a().write(new byte[100]);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        p.b().close();
        assertThatThrownBy(() -> w.get(2, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class)
                .rootCause().hasMessageContaining("peer closed");
        p.a().close();
    }

    @Test
    void badArgumentsAreRejected() {
        try (PipeLink.Pair p = PipeLink.pair()) {
            assertThatThrownBy(() -> p.a().read(new byte[4], 0, 4, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.a().read(new byte[4], 2, 4, Duration.ZERO)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> p.a().write(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> PipeLink.pair(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void describesItsEnds() {
        try (PipeLink.Pair p = PipeLink.pair()) {
            assertThat(p.a().describe()).isEqualTo("pipe:a");
            assertThat(p.b().describe()).isEqualTo("pipe:b");
        }
    }
}
