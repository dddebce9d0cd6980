package io.pqrstuv.operation.icp;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.frame.FrameReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** P-95/P-96: reply deadlines that follow the line (first byte, then the frame's length, with D-1 inside). */
class ReplyTimeoutsTest {
    private static final byte[] ID = new byte[16];
    private final KeyAlgorithms keys = new KeyAlgorithms();
    private PipeLink.Pair pipe;

    @AfterEach
    void close() throws Exception {
        if (pipe != null) {
            pipe.a().close();
            pipe.b().close();
        }
    }

    private static RequestPayload request(Command c, byte[] opData) {
        return new RequestPayload(7, new byte[16], c, opData);
    }

    private static byte[] keyOp(int extra) {
        return Arrays.copyOf(ID, 16 + extra);
    }

    @Test
    void everyCommandHasItsComputeAllowance() {
        Map<Command, Duration> expected = new EnumMap<>(Command.class);
        expected.put(Command.GET_INFO, Duration.ofSeconds(2));
        expected.put(Command.PING, Duration.ofSeconds(2));
        expected.put(Command.INIT, Duration.ofSeconds(2));
        expected.put(Command.KEY_LST, Duration.ofSeconds(5));
        expected.put(Command.KEY_DEL, Duration.ofSeconds(5));
        expected.put(Command.GET_PUB, Duration.ofSeconds(5));
        expected.put(Command.DECAPS, Duration.ofSeconds(5));
        expected.put(Command.DEV_RST, Duration.ofSeconds(10));
        expected.put(Command.CRYPTO_RST, Duration.ofSeconds(10));
        expected.put(Command.SEC_SET_CONF, Duration.ofSeconds(10));
        expected.put(Command.IMPORT, Duration.ofSeconds(10));
        expected.put(Command.KEYGEN, Duration.ofSeconds(10)); // ES256 below
        expected.put(Command.SEC_SET_INIT, Duration.ofSeconds(10)); // ML-KEM-768 below
        expected.put(Command.SIGN, Duration.ofSeconds(60)); // a key this module has not seen
        assertThat(expected.keySet()).containsExactlyInAnyOrder(Command.values());
        for (Command c : Command.values()) {
            byte[] op = switch (c) {
                case KEYGEN, KEY_LST -> AlgId.encode(Algorithm.ES256.coseId());
                case SEC_SET_INIT -> AlgId.encode(Algorithm.ML_KEM_768.coseId());
                case KEY_DEL, GET_PUB -> keyOp(0);
                case SIGN -> keyOp(32);
                case DECAPS -> keyOp(1088);
                default -> new byte[0];
            };
            assertThat(ReplyTimeouts.computeAllowance(request(c, op), keys)).as("%s", c).isEqualTo(expected.get(c));
        }
    }

    @Test
    void keyGenerationAllowanceFollowsTheRequestedAlgorithm() {
        for (Algorithm a : Algorithm.PROFILE) {
            Duration expected = a.keyType() == Algorithm.KeyType.RSA ? Duration.ofSeconds(60) : Duration.ofSeconds(10);
            byte[] op = AlgId.encode(a.coseId());
            assertThat(ReplyTimeouts.computeAllowance(request(Command.KEYGEN, op), keys)).as("KEYGEN %s", a).isEqualTo(expected);
            assertThat(ReplyTimeouts.computeAllowance(request(Command.SEC_SET_INIT, op), keys)).as("SEC_SET_INIT %s", a).isEqualTo(expected);
        }
        // An algorithm outside the profile or a malformed operand: refused at once, but the worst case is kept.
        assertThat(ReplyTimeouts.computeAllowance(request(Command.KEYGEN, AlgId.encode(12345)), keys)).isEqualTo(Duration.ofSeconds(60));
        assertThat(ReplyTimeouts.computeAllowance(request(Command.KEYGEN, new byte[2]), keys)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void signAllowanceFollowsTheKeyOnceItsAlgorithmIsKnown() {
        RequestPayload sign = request(Command.SIGN, keyOp(32));
        assertThat(ReplyTimeouts.computeAllowance(sign, keys)).isEqualTo(Duration.ofSeconds(60));

        learnKeygen(Algorithm.ES256, ID);
        assertThat(ReplyTimeouts.computeAllowance(sign, keys)).isEqualTo(Duration.ofSeconds(5));
        assertThat(ReplyTimeouts.untilFrameStart(sign, keys)).isEqualTo(Duration.ofSeconds(8)); // + 2 s gap + 1 s

        byte[] slh = new byte[16];
        slh[0] = 1;
        learnKeygen(Algorithm.SLH_DSA_SHA2_256S, slh);
        assertThat(ReplyTimeouts.computeAllowance(request(Command.SIGN, Arrays.copyOf(slh, 48)), keys)).isEqualTo(Duration.ofSeconds(60));
        byte[] fast = new byte[16];
        fast[0] = 2;
        learnKeygen(Algorithm.SLH_DSA_SHAKE_256F, fast);
        assertThat(ReplyTimeouts.computeAllowance(request(Command.SIGN, Arrays.copyOf(fast, 48)), keys)).isEqualTo(Duration.ofSeconds(10));
        // A short operand (the storage module refuses it at once) has no key to look up.
        assertThat(ReplyTimeouts.computeAllowance(request(Command.SIGN, new byte[3]), keys)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void everySlhDsaSetIsEitherFastOrSmall() {
        int n = 0;
        for (Algorithm a : Algorithm.PROFILE) {
            if (a.family() != Algorithm.Family.SLH_DSA) {
                continue;
            }
            byte[] id = new byte[16];
            id[15] = (byte) ++n;
            learnKeygen(a, id);
            boolean fast = a.displayName().endsWith("f");
            assertThat(fast || a.displayName().endsWith("s")).as("%s", a).isTrue();
            assertThat(ReplyTimeouts.computeAllowance(request(Command.SIGN, Arrays.copyOf(id, 48)), keys)).as("%s", a)
                    .isEqualTo(Duration.ofSeconds(fast ? 10 : 60));
        }
        assertThat(n).isEqualTo(12);
    }

    private void learnKeygen(Algorithm a, byte[] id) {
        keys.learn(request(Command.KEYGEN, AlgId.encode(a.coseId())), new IcpReply(ResponseCode.SUCCESS, id.clone()));
    }

    @Test
    void waitUntilTheFrameStartsIsComputePlusTheStorageGapPlusOneSecond() {
        assertThat(ReplyTimeouts.untilFrameStart(request(Command.INIT, new byte[0]), keys)).isEqualTo(Duration.ofSeconds(5));
        assertThat(ReplyTimeouts.untilFrameStart(request(Command.SIGN, keyOp(32)), keys)).isEqualTo(Duration.ofSeconds(63));
        assertThat(ReplyTimeouts.untilFrameStart(request(Command.KEYGEN, AlgId.encode(Algorithm.RS256.coseId())), keys))
                .isEqualTo(Duration.ofSeconds(63));
        // The storage module's own gap, so its CHECKSUM_FAIL for a request that lost bytes gets here.
        assertThat(ReplyTimeouts.STORAGE_GAP).isEqualTo(FrameReceiver.DEFAULT_GAP_TIMEOUT);
    }

    @Test
    void frameInProgressGetsItsWireTimePlusAQuarterPlusTwoSeconds() {
        ReplyTimeouts t = new ReplyTimeouts(9600);
        // The largest frame after its length field: 49,960 + 20 bytes = 52.0625 s at 960 bytes/s.
        assertThat(t.wireNanos(49_980)).isEqualTo(52_062_500_000L);
        assertThat(t.forBytes(49_980)).isEqualTo(Duration.ofMillis(67_078).plusNanos(125_000));
        assertThat(t.forBytes(0)).isEqualTo(Duration.ofSeconds(2));
        // 115,200 bps: 12 times faster.
        assertThat(new ReplyTimeouts(115_200).wireNanos(11_520)).isEqualTo(1_000_000_000L);
        // Unlimited link: the D-1-sized slack only.
        assertThat(new ReplyTimeouts(0).forBytes(49_980)).isEqualTo(Duration.ofSeconds(2));
    }

    // ------------------------------------------------------------ the deadline of one exchange

    /** Drives a reader with a hand clock: the deadline is what a real exchange would be asked. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private FrameReader reader() {
        pipe = PipeLink.pair();
        return new FrameReader(pipe.a(), now::get, FrameReceiver.DEFAULT_GAP_TIMEOUT, Duration.ofMillis(50), 4096);
    }

    /** One read of what is waiting (the hand clock does not move, so the reader must be told when to stop). */
    private static void pump(FrameReader frames, AtomicLong now) throws Exception {
        long stop = now.get() + 1;
        frames.next(new LongSupplier() {
            private boolean asked;

            @Override
            public long getAsLong() {
                if (asked) {
                    return 0; // long past on the hand clock
                }
                asked = true;
                return stop;
            }
        });
    }

    @Test
    void deadlineMovesFromFirstByteToHeaderToBody() throws Exception {
        ReplyTimeouts t = new ReplyTimeouts(9600);
        FrameReader frames = reader();
        RequestPayload ping = request(Command.PING, new byte[10]);
        int requestFrame = 40 + 21 + 10;
        long writeStart = now.get();
        // A write that returns at once (a pty): the request is on the wire for its 71 bytes (73.96 ms).
        ReplyTimeouts.Deadline d = t.deadline(ping, requestFrame, keys, writeStart, writeStart + 1000, frames, now::get);
        long requestEnd = writeStart + t.wireNanos(requestFrame);
        assertThat(d.getAsLong()).isEqualTo(requestEnd + Duration.ofSeconds(5).toNanos());
        assertThat(d.phase()).isEqualTo(ReplyTimeouts.Deadline.Phase.AWAIT_FRAME);

        byte[] reply = Frames.encode(ResponsePayload.success(7, Command.PING, new byte[10]).encode());
        pipe.b().write(reply, 0, 16); // the preamble
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        pump(frames, now);
        long header = d.getAsLong();
        assertThat(d.phase()).isEqualTo(ReplyTimeouts.Deadline.Phase.HEADER);
        assertThat(header).isEqualTo(now.get() + t.forBytes(24).toNanos());

        pipe.b().write(reply, 16, 6); // the length and 2 payload bytes
        now.addAndGet(Duration.ofMillis(100).toNanos());
        pump(frames, now);
        assertThat(d.getAsLong()).isEqualTo(now.get() + t.forBytes(16 + 20).toNanos());
        assertThat(d.phase()).isEqualTo(ReplyTimeouts.Deadline.Phase.BODY);
        // Asked again later: the deadline stays where the length put it.
        long body = d.getAsLong();
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(d.getAsLong()).isEqualTo(body);
        assertThat(d.expiry()).contains("reply frame of 16 payload bytes not complete within 2046 ms");
    }

    @Test
    void aWriteThatReturnsLateCountsFromItsReturn() throws Exception {
        ReplyTimeouts t = new ReplyTimeouts(9600);
        RequestPayload init = request(Command.INIT, new byte[0]);
        // A paced link: write returns when the last byte has left, later than start + wire time.
        long writeEnd = now.get() + Duration.ofSeconds(1).toNanos();
        ReplyTimeouts.Deadline d = t.deadline(init, 61, keys, now.get(), writeEnd, reader(), now::get);
        assertThat(d.getAsLong()).isEqualTo(writeEnd + Duration.ofSeconds(5).toNanos());
        assertThat(d.expiry()).isEqualTo("no reply frame started within 5000 ms of the request");
    }

    @Test
    void fixedDeadlineIgnoresTheLine() throws Exception {
        FrameReader frames = reader();
        ReplyTimeouts.Deadline d = ReplyTimeouts.fixed(Duration.ofMillis(700))
                .deadline(request(Command.SIGN, keyOp(32)), 109, keys, now.get(), now.get() + 5, frames, now::get);
        assertThat(d.getAsLong()).isEqualTo(now.get() + 5 + Duration.ofMillis(700).toNanos());
        pipe.b().write(Frames.encode(ResponsePayload.success(7, Command.SIGN, new byte[64]).encode()), 0, 30);
        pump(frames, now);
        assertThat(d.getAsLong()).isEqualTo(now.get() + 5 + Duration.ofMillis(700).toNanos());
        assertThat(d.expiry()).isEqualTo("no reply within 700 ms (a fixed timeout)");
    }
}
