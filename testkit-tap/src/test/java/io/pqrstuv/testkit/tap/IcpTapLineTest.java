package io.pqrstuv.testkit.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.testkit.io.TimedReads;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The tap as a line: pacing at a line rate (switchable at run time) and random byte errors (issue 15). */
class IcpTapLineTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pacedTapDeliversAtTheLineRateInBothDirectionsUntilItIsLifted(Transport t) throws Exception {
        try (Transport.Wired w = t.wire()) {
            w.tap().lineRate(LineRate.BAUD_9600);
            byte[] frame = Frames.encode(new byte[1880]); // 1,920 bytes: 2.000 s at 960 bytes/s
            for (Direction d : Direction.values()) {
                long t0 = System.nanoTime();
                (d == Direction.TO_STORAGE ? w.om() : w.sm()).write(frame);
                byte[] got = TimedReads.readFully((d == Direction.TO_STORAGE ? w.sm() : w.om())::read, frame.length, WAIT);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(got).isEqualTo(frame);
                // Never faster than the line (the last byte's slot is 2 s after the first's start);
                // the upper bound only guards against a stuck writer on a loaded machine.
                assertThat(took).as("%s at 9600 bps", d).isBetween(Duration.ofMillis(1990), Duration.ofSeconds(6));
            }
            w.tap().lineRate(LineRate.UNLIMITED);
            long t0 = System.nanoTime();
            w.om().write(frame);
            assertThat(TimedReads.readFully(w.sm()::read, frame.length, WAIT)).isEqualTo(frame);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("unpaced again").isLessThan(Duration.ofMillis(1500));
            // The writer counts once its write has returned, which may be just after the far end read.
            assertThat(awaitForwarded(w.tap(), Direction.TO_STORAGE, 2L * frame.length)).isEqualTo(2L * frame.length);
            assertThat(awaitForwarded(w.tap(), Direction.TO_OPERATION, frame.length)).isEqualTo(frame.length);
        }
    }

    private static long awaitForwarded(IcpTap tap, Direction d, long expected) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (tap.forwardedBytes(d) < expected && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        return tap.forwardedBytes(d);
    }

    @Test
    void noiseCorruptsBytesAtTheGivenRateAndTheRecordingKeepsWhatWasSent() throws Exception {
        try (Transport.Wired w = Transport.PIPES.wire()) {
            w.tap().noise(Direction.TO_STORAGE, 0.01, 42);
            Random random = new Random(7);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            byte[][] payloads = new byte[20][];
            for (int i = 0; i < payloads.length; i++) {
                payloads[i] = new byte[4960];
                random.nextBytes(payloads[i]);
                byte[] frame = Frames.encode(payloads[i]);
                sent.writeBytes(frame);
                w.om().write(frame);
            }
            byte[] expected = sent.toByteArray(); // 100,000 bytes
            byte[] got = TimedReads.readFully(w.sm()::read, expected.length, WAIT);
            int changed = 0;
            for (int i = 0; i < expected.length; i++) {
                if (got[i] != expected[i]) {
                    changed++;
                }
            }
            long noisy = w.tap().noisyBytes(Direction.TO_STORAGE);
            assertThat(changed).as("every corrupted byte really changed").isEqualTo((int) noisy);
            // Binomial(100,000, 1 %): mean 1,000, standard deviation 31.5; the bounds are 6 sigma out.
            assertThat(noisy).isBetween(810L, 1190L);
            assertThat(w.tap().noisyBytes(Direction.TO_OPERATION)).isZero();
            // The tap parsed the frames as the operation module sent them, before the noise.
            List<TapEntry.Frame> requests = w.tap().recording().awaitRequests(payloads.length, WAIT);
            for (int i = 0; i < payloads.length; i++) {
                assertThat(requests.get(i).payloadEquals(payloads[i])).as("frame %d recorded as sent", i).isTrue();
            }

            w.tap().noise(Direction.TO_STORAGE, 0, 0); // off again
            byte[] clean = Frames.encode(payloads[0]);
            w.om().write(clean);
            assertThat(TimedReads.readFully(w.sm()::read, clean.length, WAIT)).isEqualTo(clean);
            assertThat(w.tap().noisyBytes(Direction.TO_STORAGE)).isEqualTo(noisy);
        }
    }

    @Test
    void theSameSeedGivesTheSameErrors() throws Exception {
        byte[] frame = Frames.encode(new byte[9960]);
        byte[][] got = new byte[2][];
        for (int run = 0; run < 2; run++) {
            try (Transport.Wired w = Transport.PIPES.wire()) {
                w.tap().noise(Direction.TO_OPERATION, 0.005, 1234);
                w.sm().write(frame);
                got[run] = TimedReads.readFully(w.om()::read, frame.length, WAIT);
            }
        }
        assertThat(got[0]).isEqualTo(got[1]).isNotEqualTo(frame);
    }

    @Test
    void noiseNeedsAProbability() throws Exception {
        try (Transport.Wired w = Transport.PIPES.wire()) {
            assertThatThrownBy(() -> w.tap().noise(Direction.TO_STORAGE, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.tap().noise(Direction.TO_STORAGE, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.tap().noise(Direction.TO_STORAGE, -0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
