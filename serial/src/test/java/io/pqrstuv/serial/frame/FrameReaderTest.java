package io.pqrstuv.serial.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.PipeLink;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The shared read loop: deadlines, the D-1 gap rule on an injected clock, end of link, wiping. */
class FrameReaderTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    @Test
    void deliversEveryFrameOfAChunkInOrderWithoutReadingAgain() throws IOException {
        ScriptedLink link = new ScriptedLink();
        link.at(0, concat(Frames.encode(new byte[] {1}), Frames.encode(new byte[] {2, 2}), Frames.encode(new byte[0])));
        FrameReader reader = link.reader(Duration.ofMillis(50));
        assertThat(payload(reader.next(5 * SECOND))).containsExactly(1);
        assertThat(link.timeouts).hasSize(1);
        assertThat(payload(reader.next(5 * SECOND))).containsExactly(2, 2);
        assertThat(payload(reader.next(5 * SECOND))).isEmpty();
        assertThat(link.timeouts).hasSize(1);
        assertThat(reader.bytesRead()).isEqualTo(3L * Frames.OVERHEAD + 3);
    }

    @Test
    void returnsNullAtTheDeadlineAndNeverReadsPastIt() throws IOException {
        ScriptedLink link = new ScriptedLink();
        FrameReader reader = link.reader(Duration.ofMillis(250));
        assertThat(reader.next(600 * MS)).isNull();
        // 250 + 250 + 100 ms: the last read is cut to what is left before the deadline.
        assertThat(link.timeouts).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(100));
        assertThat(link.now).isEqualTo(600 * MS);
        assertThat(reader.next(600 * MS)).isNull();
        assertThat(link.timeouts).hasSize(3);
    }

    @Test
    void wakesUpRightWhenAPartialFramesGapExpires() throws IOException {
        ScriptedLink link = new ScriptedLink();
        byte[] frame = Frames.encode(new byte[100]);
        link.at(0, Arrays.copyOf(frame, 70));
        FrameReader reader = link.reader(Duration.ofSeconds(10));
        ReceiverEvent event = reader.next(60 * SECOND);
        assertThat(event).isEqualTo(new ReceiverEvent.GapTimeout(70));
        // The read after the partial frame waits for the gap deadline + 1 ms, not the 10 s poll.
        assertThat(link.timeouts.get(1)).isEqualTo(Duration.ofMillis(2001));
        assertThat(link.now).isEqualTo(2001 * MS);
        assertThat(reader.inFrame()).isFalse();
    }

    @Test
    void exactlyTheGapIsNotATimeoutAndTheFrameCompletes() throws IOException {
        ScriptedLink link = new ScriptedLink();
        byte[] frame = Frames.encode(new byte[] {7, 7});
        link.at(0, Arrays.copyOf(frame, 10));
        link.at(2 * SECOND, Arrays.copyOfRange(frame, 10, frame.length));
        assertThat(payload(link.reader(Duration.ofSeconds(5)).next(60 * SECOND))).containsExactly(7, 7);
    }

    @Test
    void aGapOnTheInjectedClockIsWhatCounts() throws IOException {
        // The storage module's clock stops while it works: 3 s of wall time may be 0 s for the rule.
        ScriptedLink link = new ScriptedLink();
        byte[] frame = Frames.encode(new byte[] {4});
        link.at(0, Arrays.copyOf(frame, 25));
        link.at(SECOND, Arrays.copyOfRange(frame, 25, frame.length));
        long[] paused = {0};
        FrameReader reader = new FrameReader(link, () -> link.now - paused[0], FrameReceiver.DEFAULT_GAP_TIMEOUT,
                Duration.ofSeconds(5), 64);
        long firstChunkOnly = link.now - paused[0] + 10;
        assertThat(reader.next(firstChunkOnly)).isNull();
        assertThat(reader.inFrame()).isTrue();
        link.now += 3 * SECOND;
        paused[0] += 3 * SECOND;
        assertThat(payload(reader.next(link.now - paused[0] + 60 * SECOND))).containsExactly(4);
    }

    @Test
    void aDeadlineAskedBeforeEveryReadCanMoveWithTheLine() throws IOException {
        ScriptedLink link = new ScriptedLink();
        byte[] frame = Frames.encode(new byte[] {5});
        link.at(100 * MS, Arrays.copyOf(frame, 20));
        link.at(1500 * MS, Arrays.copyOfRange(frame, 20, frame.length));
        FrameReader reader = link.reader(Duration.ofMillis(500));
        // Half a second for the first byte; once bytes flow, until 3 s. A fixed 0.5 s would miss it.
        LongSupplier followsTheLine = () -> reader.bytesRead() == 0 ? SECOND / 2 : 3 * SECOND;
        assertThat(payload(reader.next(followsTheLine))).containsExactly(5);
        assertThat(link.reader(Duration.ofMillis(500)).next(SECOND / 2)).isNull();
    }

    @Test
    void anEndedLinkIsAnEofException() throws IOException {
        PipeLink.Pair pair = PipeLink.pair();
        FrameReader reader = new FrameReader(pair.b(), Duration.ofMillis(50));
        pair.a().write(Frames.encode(new byte[] {1}));
        pair.a().close();
        assertThat(payload(reader.next(System.nanoTime() + 5 * SECOND))).containsExactly(1);
        assertThatThrownBy(() -> reader.next(System.nanoTime() + 5 * SECOND)).isInstanceOf(EOFException.class)
                .hasMessageContaining("pipe");
    }

    @Test
    void waitingBytesAreDiscardedWithoutFraming() throws IOException {
        PipeLink.Pair pair = PipeLink.pair();
        FrameReader reader = new FrameReader(pair.b(), Duration.ofMillis(50));
        pair.a().write(Frames.encode(new byte[] {1}));
        reader.discardWaitingBytes();
        assertThat(reader.next(System.nanoTime() + 200 * MS)).isNull();
        pair.a().write(Frames.encode(new byte[] {2}));
        assertThat(payload(reader.next(System.nanoTime() + 5 * SECOND))).containsExactly(2);
    }

    @Test
    void readBytesAreWipedAndPendingEventsCanBeDropped() throws IOException {
        ScriptedLink link = new ScriptedLink();
        link.at(0, concat(Frames.encode(new byte[] {1}), Frames.encode(new byte[] {9, 9, 9})));
        FrameReader reader = link.reader(Duration.ofMillis(50));
        assertThat(payload(reader.next(SECOND))).containsExactly(1);
        assertThat(Arrays.copyOf(link.lastBuffer, link.lastCount)).containsOnly(0);
        reader.dropPendingEvents(); // the second frame, framed from the same chunk, is dropped
        assertThat(reader.next(SECOND)).isNull();
    }

    @Test
    void pollMustBePositive() {
        assertThatThrownBy(() -> new FrameReader(new ScriptedLink(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] payload(ReceiverEvent e) {
        assertThat(e).isInstanceOf(ReceiverEvent.Payload.class);
        return ((ReceiverEvent.Payload) e).payload();
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }

    /**
     * A link on a simulated clock: chunks arrive at given times; a read returns the next chunk if
     * it arrives within the timeout (moving the clock to its arrival), else lets the whole timeout pass.
     */
    static final class ScriptedLink implements Link {
        private record Chunk(long at, byte[] bytes) {
        }

        private final Deque<Chunk> chunks = new ArrayDeque<>();
        final List<Duration> timeouts = new ArrayList<>();
        long now;
        byte[] lastBuffer;
        int lastCount;

        void at(long nanos, byte[] bytes) {
            chunks.add(new Chunk(nanos, bytes));
        }

        FrameReader reader(Duration poll) {
            return new FrameReader(this, () -> now, FrameReceiver.DEFAULT_GAP_TIMEOUT, poll, 4096);
        }

        @Override
        public int read(byte[] buf, int off, int len, Duration timeout) {
            timeouts.add(timeout);
            Chunk next = chunks.peek();
            if (next == null || next.at > now + timeout.toNanos()) {
                now += timeout.toNanos();
                return 0;
            }
            chunks.poll();
            now = Math.max(now, next.at);
            System.arraycopy(next.bytes, 0, buf, off, next.bytes.length);
            lastBuffer = buf;
            lastCount = next.bytes.length;
            return next.bytes.length;
        }

        @Override
        public void write(byte[] buf, int off, int len) {
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }
}
