package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.serial.frame.FrameReader;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How long the operation module waits for a reply: deadlines that follow the line (D-50 as changed
 * by P-95), so that a lost or mangled reply costs seconds, while no real reply is ever cut off.
 *
 * <ol>
 * <li><b>Until the reply frame starts</b> (its preamble is complete): from the request's last byte on
 * the wire, the command's compute allowance ({@link #computeAllowance}, P-96), plus the storage
 * module's own D-1 gap (2 s: a request that lost bytes on the line is answered CHECKSUM_FAIL only
 * after that silence, and that definite "not executed" is worth waiting for), plus 1 s of latency
 * slack (tty and USB-serial latency, scheduling on a loaded host).</li>
 * <li><b>Once the preamble is in</b>: the 24 bytes up to the end of the smallest frame; <b>once the
 * length field is read</b>: the rest of the frame, L + 20 bytes. Either at the line rate plus 25 %,
 * plus 2 s ({@link #forBytes}).</li>
 * <li>Throughout a frame, the receiver's D-1 rule ends the wait after 2 s without a byte.</li>
 * </ol>
 *
 * <p>Why 25 % + 2 s for a frame in progress: a UART frame that arrives intact was sent within the
 * ±5 % that 8N1 sampling tolerates; the rest covers stalls of a software-paced link (the embedded
 * device's paced pipe, a serial-over-TCP bridge, a GC pause of either JVM), each shorter than the
 * 2 s gap but adding up. A 49,960-byte reply (52.1 s at 9600 bps) may take 67.1 s from its length
 * field; a line that delivers under 80 % of its rate on average is broken, not slow.
 */
public final class ReplyTimeouts {
    /** 8N1: ten bit times per byte. */
    private static final int BITS_PER_BYTE = 10;
    /** A frame in progress may arrive this much slower than the line rate. */
    static final int LINE_MARGIN_PERCENT = 25;
    /** Added to every frame-in-progress deadline: one D-1 gap's worth of stalls. */
    static final Duration FRAME_SLACK = FrameReceiver.DEFAULT_GAP_TIMEOUT;
    /** The storage module's own gap rule before it answers a request that lost bytes. */
    static final Duration STORAGE_GAP = FrameReceiver.DEFAULT_GAP_TIMEOUT;
    static final Duration LATENCY_SLACK = Duration.ofSeconds(1);

    // Compute allowances (P-96): the longest the storage module may take from the request's last
    // byte to its reply's first, measured worst cases × 10 or more (docs/benchmarks.md, "Issue 15 part 3").
    /** GET_INFO, PING, INIT: no key, no storage. */
    static final Duration QUICK = Duration.ofSeconds(2);
    /** One stored key used or listed: KEY_LST, KEY_DEL, GET_PUB, DECAPS, SIGN with a quick algorithm. */
    static final Duration KEY_USE = Duration.ofSeconds(5);
    /** Storage written or a key made or validated: resets, secrets, IMPORT, KEYGEN other than RSA. */
    static final Duration STORE = Duration.ofSeconds(10);
    /** SIGN with an SLH-DSA "f" set (the 256f sets: 0.9 s median, 1.0 s max at load 17 here). */
    static final Duration FAST_SLH_SIGN = Duration.ofSeconds(10);
    /**
     * SIGN with an SLH-DSA "s" set or with a key this module has not seen: the 256s sets took 7–8 s
     * (median) and up to 11.9 s at load 17–20 on this 2-vCPU VM, so D-50's 60 s stays.
     */
    static final Duration SLOW_SIGN = Duration.ofSeconds(60);
    /** RSA-3072 key generation: a prime search with a long tail (median 1.5 s, 4.2 s in 25 at load 17 here). */
    static final Duration RSA_KEYGEN = Duration.ofSeconds(60);

    private final long bitsPerSecond;
    private final Duration fixed;

    /**
     * @param bitsPerSecond the line rate, or 0 for an unlimited (in-memory) link
     */
    public ReplyTimeouts(long bitsPerSecond) {
        this(bitsPerSecond, null);
    }

    /** One fixed deadline after the request for the whole reply, whatever the command (tests that provoke timeouts). */
    public static ReplyTimeouts fixed(Duration timeout) {
        return new ReplyTimeouts(0, Objects.requireNonNull(timeout));
    }

    private ReplyTimeouts(long bitsPerSecond, Duration fixed) {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("negative line rate");
        }
        this.bitsPerSecond = bitsPerSecond;
        this.fixed = fixed;
    }

    /**
     * The longest the storage module may compute before its reply's first byte (P-96). Where the
     * request names the algorithm (KEYGEN, SEC_SET_INIT) or {@code keys} knows the key's (SIGN),
     * the allowance is that algorithm's; otherwise the command's worst case.
     */
    static Duration computeAllowance(RequestPayload request, KeyAlgorithms keys) {
        Command command = request.knownCommand().orElse(null);
        if (command == null) {
            return QUICK; // never sent by this module; the storage module answers INVALID_CMD at once
        }
        return switch (command) {
            case GET_INFO, PING, INIT -> QUICK;
            case KEY_LST, KEY_DEL, GET_PUB, DECAPS -> KEY_USE;
            case DEV_RST, CRYPTO_RST, SEC_SET_CONF, IMPORT -> STORE;
            case KEYGEN, SEC_SET_INIT -> KeyAlgorithms.named(request.opData())
                    .map(a -> isRsa(a) ? RSA_KEYGEN : STORE)
                    .orElse(RSA_KEYGEN); // an unknown id is refused at once; the worst case costs nothing then
            case SIGN -> keys.ofKeyIn(request.opData())
                    .map(ReplyTimeouts::signAllowance)
                    .orElse(SLOW_SIGN);
        };
    }

    private static Duration signAllowance(Algorithm a) {
        if (a.family() != Algorithm.Family.SLH_DSA) {
            return KEY_USE;
        }
        // FIPS 205 names end in "s" (small signatures, slow) or "f" (fast).
        return a.displayName().endsWith("f") ? FAST_SLH_SIGN : SLOW_SIGN;
    }

    private static boolean isRsa(Algorithm a) {
        return a.keyType() == Algorithm.KeyType.RSA;
    }

    /** From the request's last byte on the wire to the reply's preamble. */
    static Duration untilFrameStart(RequestPayload request, KeyAlgorithms keys) {
        return computeAllowance(request, keys).plus(STORAGE_GAP).plus(LATENCY_SLACK);
    }

    /** The longest {@code bytes} more bytes of a frame in progress may take: line rate + 25 %, + 2 s. */
    Duration forBytes(long bytes) {
        return Duration.ofNanos(wireNanos(bytes) * (100 + LINE_MARGIN_PERCENT) / 100).plus(FRAME_SLACK);
    }

    /** Nominal wire time of {@code bytes} at the line rate (0 on an unlimited link). */
    long wireNanos(long bytes) {
        if (bitsPerSecond == 0) {
            return 0;
        }
        return Math.multiplyExact(bytes, BITS_PER_BYTE * 1_000_000_000L) / bitsPerSecond;
    }

    /** The fixed deadline of {@link #fixed}, if this is one. */
    Optional<Duration> fixedTimeout() {
        return Optional.ofNullable(fixed);
    }

    /**
     * The deadline of one exchange, to be asked again before every read of {@code frames}.
     *
     * @param writeStart when the request's first byte was handed to the link (nanoTime)
     * @param writeEnd when the link's write returned
     */
    Deadline deadline(RequestPayload request, int requestFrameBytes, KeyAlgorithms keys,
                      long writeStart, long writeEnd, FrameReader frames, LongSupplier clock) {
        if (fixed != null) {
            return new Deadline(this, frames, clock, writeEnd, fixed, true);
        }
        // A write may return before the bytes are on the wire (a pty, a TCP bridge, a paced pipe
        // with a buffer): the request has not fully left before its wire time has passed.
        long lastByte = Math.max(writeEnd, writeStart + wireNanos(requestFrameBytes));
        return new Deadline(this, frames, clock, lastByte, untilFrameStart(request, keys), false);
    }

    /**
     * The deadline of one exchange, in three phases (see the class comment). Single-threaded: the
     * ICP worker asks it before each read of its {@link FrameReader}, which notices a phase change
     * (preamble complete, length read) within the read that brought it.
     */
    static final class Deadline implements LongSupplier {
        enum Phase { AWAIT_FRAME, HEADER, BODY }

        /** Bytes of a frame after its preamble, besides the payload: length, CRC, trailer. */
        private static final int HEADER_AND_TAIL = Frames.LENGTH_FIELD + Frames.CRC_FIELD + Frames.MARKER_LENGTH;
        private static final int TAIL = Frames.CRC_FIELD + Frames.MARKER_LENGTH;

        private final ReplyTimeouts timeouts;
        private final FrameReader frames;
        private final LongSupplier clock;
        private final boolean fixed;
        private final Duration firstWait;
        private final long frameStartDeadline;
        private Phase phase = Phase.AWAIT_FRAME;
        private long deadline;
        private long phaseStart;
        private long declared = -1;

        private Deadline(ReplyTimeouts timeouts, FrameReader frames, LongSupplier clock, long requestEnd,
                         Duration firstWait, boolean fixed) {
            this.timeouts = timeouts;
            this.frames = frames;
            this.clock = clock;
            this.fixed = fixed;
            this.firstWait = firstWait;
            this.frameStartDeadline = requestEnd + firstWait.toNanos();
            this.deadline = frameStartDeadline;
        }

        @Override
        public long getAsLong() {
            if (fixed) {
                return deadline;
            }
            long length = frames.frameLength();
            if (length >= 0 && phase != Phase.BODY) {
                phase = Phase.BODY;
                declared = length;
                phaseStart = clock.getAsLong();
                deadline = phaseStart + timeouts.forBytes(length + TAIL).toNanos();
            } else if (phase == Phase.AWAIT_FRAME && frames.inFrame()) {
                phase = Phase.HEADER;
                phaseStart = clock.getAsLong();
                deadline = phaseStart + timeouts.forBytes(HEADER_AND_TAIL).toNanos();
            }
            return deadline;
        }

        Phase phase() {
            return phase;
        }

        /** Why the wait ended without a frame, for the 500's log and the exception. */
        String expiry() {
            if (fixed) {
                return "no reply within " + firstWait.toMillis() + " ms (a fixed timeout)";
            }
            return switch (phase) {
                case AWAIT_FRAME -> "no reply frame started within " + firstWait.toMillis() + " ms of the request";
                case HEADER -> "reply frame header not complete within " + millis(deadline - phaseStart);
                case BODY -> "reply frame of " + declared + " payload bytes not complete within "
                        + millis(deadline - phaseStart) + " of its length field";
            };
        }

        /** The wait until the reply frame starts (or, when fixed, for the whole reply). */
        Duration firstWait() {
            return firstWait;
        }

        private static String millis(long nanos) {
            return Duration.ofNanos(nanos).toMillis() + " ms";
        }
    }
}
