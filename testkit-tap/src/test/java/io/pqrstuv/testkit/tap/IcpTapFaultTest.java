package io.pqrstuv.testkit.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent.ChecksumFailure.Cause;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.testkit.io.TimedReads;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each fault is seen at the far end exactly as specified, and recorded against the original frame. */
class IcpTapFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final byte[] P1 = "first payload, 29 bytes long.".getBytes();
    private static final byte[] P2 = "second".getBytes();
    private static final byte[] P3 = "third".getBytes();
    private static final byte[] P4 = "fourth".getBytes();

    @ParameterizedTest
    @EnumSource(Transport.class)
    void corruptingAPayloadByteFlipsExactlyThatByteAndTheFarEndSeesACrcMismatch(Transport t) throws Exception {
        try (Transport.Wired w = t.wire()) {
            int offset = 20 + 7; // payload byte 7
            w.tap().corruptNext(Direction.TO_STORAGE, Fault.corruptPayload(7));
            byte[] frame = Frames.encode(P1);
            w.om().write(frame);
            byte[] expected = frame.clone();
            expected[offset] ^= (byte) 0xFF;
            assertThat(TimedReads.readFully(w.sm()::read, frame.length, WAIT)).isEqualTo(expected);

            w.tap().corruptNext(Direction.TO_STORAGE, Fault.corruptPayload(0));
            try (FarEnd sm = new FarEnd(w.sm())) {
                w.om().write(frame);
                w.om().write(Frames.encode(P2));
                assertThat(sm.next(WAIT).event()).isEqualTo(new ReceiverEvent.ChecksumFailure(Cause.CRC_MISMATCH));
                assertThat(sm.nextPayload(WAIT)).isEqualTo(P2); // one-shot: the next frame is untouched
            }
            List<TapEntry.Frame> requests = w.tap().recording().awaitRequests(3, WAIT);
            assertThat(requests.get(0).payloadEquals(P1)).as("recorded as sent, before the fault").isTrue();
            assertThat(requests.get(0).fault()).isEqualTo(Fault.corrupt(27));
            assertThat(requests.get(2).fault()).isEqualTo(Fault.pass());
            assertThat(w.tap().pendingFaults(Direction.TO_STORAGE)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void corruptingATrailerByteMakesTheFarEndMissTheTrailer(Transport t) throws Exception {
        try (Transport.Wired w = t.wire(); FarEnd om = new FarEnd(w.om())) {
            w.tap().corruptNext(Direction.TO_OPERATION, Fault.corruptTrailer(4));
            w.sm().write(Frames.encode(P1));
            assertThat(om.next(WAIT).event()).isEqualTo(new ReceiverEvent.ChecksumFailure(Cause.TRAILER_MISPLACED));
            // A negative offset counts from the end: -1 is the last trailer byte whatever the length.
            w.tap().corruptNext(Direction.TO_OPERATION, -1);
            w.sm().write(Frames.encode(new byte[3000]));
            assertThat(om.next(WAIT).event()).isEqualTo(new ReceiverEvent.ChecksumFailure(Cause.TRAILER_MISPLACED));
            // The CRC field sits just before the trailer.
            w.tap().corruptNext(Direction.TO_OPERATION, -17);
            w.sm().write(Frames.encode(P2));
            assertThat(om.next(WAIT).event()).isEqualTo(new ReceiverEvent.ChecksumFailure(Cause.CRC_MISMATCH));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aDroppedFrameNeverArrivesAndTheNextOneDoes(Transport t) throws Exception {
        try (Transport.Wired w = t.wire()) {
            w.tap().dropNext(Direction.TO_OPERATION);
            byte[] second = Frames.encode(P2);
            byte[] both = concat(Frames.encode(P1), second);
            w.sm().write(both);
            assertThat(TimedReads.readFully(w.om()::read, second.length, WAIT)).isEqualTo(second);
            assertThat(w.om().read(new byte[1], 0, 1, Duration.ofMillis(300))).as("nothing else arrives").isZero();
            List<TapEntry.Frame> responses = w.tap().recording().awaitResponses(2, WAIT);
            assertThat(responses.get(0).payloadEquals(P1)).isTrue();
            assertThat(responses.get(0).fault()).isEqualTo(Fault.drop());
            assertThat(responses.get(1).fault()).isEqualTo(Fault.pass());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void droppingHoldsBackOnlyTheFrameNotTheGarbageBeforeIt(Transport t) throws Exception {
        try (Transport.Wired w = t.wire()) {
            w.tap().dropNext(Direction.TO_STORAGE);
            // Ends in zeros, which could begin a preamble: they are held while the line is idle...
            byte[] garbage = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0};
            w.om().write(garbage);
            assertThat(TimedReads.readFully(w.sm()::read, 20, WAIT)).containsOnly(7);
            Thread.sleep(100);
            // ...and go on once they turn out not to start the frame.
            byte[] second = Frames.encode(P2);
            w.om().write(concat(new byte[] {9}, concat(Frames.encode(P1), second)));
            assertThat(TimedReads.readFully(w.sm()::read, 4 + second.length, WAIT)).isEqualTo(concat(new byte[] {0, 0, 0, 9}, second));
            assertThat(w.sm().read(new byte[1], 0, 1, Duration.ofMillis(200))).isZero();
            // Garbage is reported as it settles (here: 20 bytes at the idle, 4 more at the preamble).
            List<TapEntry.Anomaly> anomalies = w.tap().recording().anomalies();
            assertThat(anomalies).allMatch(a -> a.kind() == TapEntry.Anomaly.Kind.GARBAGE);
            assertThat(anomalies.stream().mapToLong(TapEntry.Anomaly::detail).sum()).isEqualTo(24L);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aDelayedFrameArrivesThatMuchLater(Transport t) throws Exception {
        Duration delay = Duration.ofMillis(800);
        try (Transport.Wired w = t.wire(); FarEnd sm = new FarEnd(w.sm())) {
            long t0 = System.nanoTime();
            w.om().write(Frames.encode(P1));
            long undelayed = sm.next(WAIT).atNanos() - t0;

            w.tap().delayNext(Direction.TO_STORAGE, delay);
            long t1 = System.nanoTime();
            w.om().write(Frames.encode(P2));
            FarEnd.Arrival a = sm.next(WAIT);
            long delayed = a.atNanos() - t1;
            assertThat(a.event()).isInstanceOfSatisfying(ReceiverEvent.Payload.class, p -> assertThat(p.payload()).isEqualTo(P2));
            assertThat(Duration.ofNanos(delayed)).isGreaterThanOrEqualTo(delay).isLessThan(delay.plusSeconds(3));
            assertThat(Duration.ofNanos(undelayed)).isLessThan(delay);
            assertThat(w.tap().recording().requests().get(1).fault()).isEqualTo(Fault.delay(delay));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void injectedGarbageAndAForgedFrameReachTheFarEnd(Transport t) throws Exception {
        try (Transport.Wired w = t.wire(); FarEnd om = new FarEnd(w.om())) {
            byte[] garbage = new byte[100];
            Arrays.fill(garbage, (byte) 0x5A);
            w.tap().inject(Direction.TO_OPERATION, garbage);
            w.tap().inject(Direction.TO_OPERATION, Frames.encode(P3));
            assertThat(om.nextPayload(WAIT)).isEqualTo(P3);
            w.sm().write(Frames.encode(P4)); // real traffic still flows after the injection
            assertThat(om.nextPayload(WAIT)).isEqualTo(P4);
            TapRecording rec = w.tap().recording();
            rec.awaitResponses(1, WAIT);
            assertThat(rec.entries()).hasSize(3);
            assertThat(rec.entries().get(0)).isInstanceOfSatisfying(TapEntry.Injection.class, i -> assertThat(i.length()).isEqualTo(100));
            assertThat(rec.entries().get(1)).isInstanceOfSatisfying(TapEntry.Injection.class,
                    i -> assertThat(i.length()).isEqualTo(P3.length + Frames.OVERHEAD));
            assertThat(rec.responses()).hasSize(1); // forged frames are not the storage module's
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aScriptAppliesOneFaultPerFrameInOrder(Transport t) throws Exception {
        try (Transport.Wired w = t.wire(); FarEnd sm = new FarEnd(w.sm())) {
            w.tap().script(Direction.TO_STORAGE, Fault.pass(), Fault.drop(), Fault.corruptPayload(0));
            assertThat(w.tap().pendingFaults(Direction.TO_STORAGE)).isEqualTo(3);
            w.om().write(concat(concat(Frames.encode(P1), Frames.encode(P2)), concat(Frames.encode(P3), Frames.encode(P4))));
            assertThat(sm.nextPayload(WAIT)).isEqualTo(P1);
            assertThat(sm.next(WAIT).event()).isEqualTo(new ReceiverEvent.ChecksumFailure(Cause.CRC_MISMATCH));
            assertThat(sm.nextPayload(WAIT)).isEqualTo(P4);
            sm.expectNothing(Duration.ofMillis(200));
            assertThat(w.tap().recording().awaitRequests(4, WAIT).stream().map(TapEntry.Frame::fault).toList())
                    .containsExactly(Fault.pass(), Fault.drop(), Fault.corruptPayload(0), Fault.pass());
            assertThat(w.tap().pendingFaults(Direction.TO_STORAGE)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void framingAnomaliesAreRecordedAndRelayedUnchanged(Transport t) throws Exception {
        try (Transport.Wired w = t.wire()) {
            byte[] garbage = new byte[10];
            Arrays.fill(garbage, (byte) 0x11);
            byte[] badCrc = Frames.encode(P1);
            badCrc[25] ^= 1;
            byte[] oversize = concat(Frames.preamble(), new byte[] {0, 0, (byte) 0xC3, 0x29}); // 49,961
            byte[] good = Frames.encode(P2);
            byte[] all = concat(concat(garbage, badCrc), concat(oversize, good));
            w.om().write(all);
            assertThat(TimedReads.readFully(w.sm()::read, all.length, WAIT)).isEqualTo(all);
            TapRecording rec = w.tap().recording();
            rec.awaitRequests(1, WAIT);
            assertThat(rec.entries()).hasSize(4);
            assertThat(rec.anomalies(Direction.TO_STORAGE)).extracting(TapEntry.Anomaly::kind, TapEntry.Anomaly::detail)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(TapEntry.Anomaly.Kind.GARBAGE, 10L),
                            org.assertj.core.groups.Tuple.tuple(TapEntry.Anomaly.Kind.CRC_MISMATCH, 0L),
                            org.assertj.core.groups.Tuple.tuple(TapEntry.Anomaly.Kind.OVERSIZE, 49_961L));
            assertThat(rec.requests().getFirst().payloadEquals(P2)).isTrue();
            assertThat(rec.anomalies(Direction.TO_OPERATION)).isEmpty();
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
