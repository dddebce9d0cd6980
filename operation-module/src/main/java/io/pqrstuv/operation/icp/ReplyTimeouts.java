package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.frame.Frames;
import java.time.Duration;

/**
 * How long to wait for a reply after the request's last byte (notes §4, D-50): the wire time of
 * the longest reply the command can produce at the line rate, plus a compute margin, capped
 * at 120 s.
 */
public final class ReplyTimeouts {
    /** 8N1: ten bit times per byte. */
    private static final int BITS_PER_BYTE = 10;
    static final Duration CAP = Duration.ofSeconds(120);
    private static final Duration LINK_SLACK = Duration.ofSeconds(2);
    /** RSA-3072 key generation and SLH-DSA "s" signing take seconds on a desktop JVM, more on slow hardware. */
    private static final Duration CRYPTO_MARGIN = Duration.ofSeconds(60);
    private static final Duration PLAIN_MARGIN = Duration.ofSeconds(10);

    private final long bitsPerSecond;
    private final Duration scale;

    /**
     * @param bitsPerSecond the line rate, or 0 for an unlimited (in-memory) link
     */
    public ReplyTimeouts(long bitsPerSecond) {
        this(bitsPerSecond, null);
    }

    /** A fixed timeout for every command (tests that provoke timeouts). */
    public static ReplyTimeouts fixed(Duration timeout) {
        return new ReplyTimeouts(0, timeout);
    }

    private ReplyTimeouts(long bitsPerSecond, Duration fixed) {
        this.bitsPerSecond = bitsPerSecond;
        this.scale = fixed;
    }

    public Duration forCommand(Command command, int requestFrameBytes) {
        if (scale != null) {
            return scale;
        }
        int replyFrame = maxReplyFrame(command, requestFrameBytes);
        Duration wire = bitsPerSecond == 0 ? Duration.ZERO
                : Duration.ofMillis((long) replyFrame * BITS_PER_BYTE * 1000 / bitsPerSecond + 1);
        Duration margin = switch (command) {
            case SEC_SET_INIT, SEC_SET_CONF, KEYGEN, IMPORT, GET_PUB, DECAPS, SIGN -> CRYPTO_MARGIN;
            default -> PLAIN_MARGIN;
        };
        Duration total = wire.plus(LINK_SLACK).plus(margin);
        return total.compareTo(CAP) > 0 ? CAP : total;
    }

    /** Largest reply frame a command may produce, in bytes. */
    static int maxReplyFrame(Command command, int requestFrameBytes) {
        return switch (command) {
            case PING -> requestFrameBytes - 15; // echo: request header 21 bytes, reply header 6
            case SIGN, KEY_LST -> Frames.MAX_FRAME;
            case GET_INFO, GET_PUB, SEC_SET_INIT -> 4096; // largest COSE key: ML-DSA-87, 2,648-byte frame
            case DECAPS -> 1024; // RSA-4096 OAEP plaintext ≤ 446 bytes
            default -> 128; // INIT, KEYGEN, IMPORT, KEY_DEL, resets, SEC_SET_CONF
        };
    }
}
