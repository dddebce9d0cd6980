package io.pqrstuv.client;

import io.pqrstuv.icp.alg.Algorithm;
import java.time.Duration;

/**
 * Expected duration of a call on a real device, from the 9600-bps serial wire alone (notes §4:
 * 960 bytes/s, frame = payload + 40, plus the INIT round trip of 127 bytes). Compute time on the
 * storage module comes on top (seconds for SLH-DSA "s" signing and RSA key generation).
 */
public final class WireTime {
    private static final double BYTES_PER_SECOND = 960.0;
    private static final int INIT_ROUND_TRIP = 61 + 66;
    /** Request 21 + id 16 + digest 32, framed; reply 6 + signature, framed. */
    private static final int SIGN_OVERHEAD = (21 + 16 + 32 + 40) + (6 + 40);
    private static final int RSA_BYTES = 384; // KEYGEN makes RSA-3072 (D-41)

    private WireTime() {
    }

    /** /sign with a key of {@code algorithm}, including its /init. */
    public static Duration sign(Algorithm algorithm) {
        int out = algorithm.outputLength() == Algorithm.VARIABLE ? RSA_BYTES : algorithm.outputLength();
        return seconds(INIT_ROUND_TRIP + SIGN_OVERHEAD + out);
    }

    /** /get_public_key (or /set_secret), including its /init; the COSE key is about the raw key plus 10 bytes. */
    public static Duration publicKey(Algorithm algorithm) {
        int pub = algorithm.publicKeyLength() == Algorithm.VARIABLE ? RSA_BYTES + 16 : algorithm.publicKeyLength() + 13;
        return seconds(INIT_ROUND_TRIP + (21 + 16 + 40) + (6 + 40 + pub));
    }

    /** /decapsulate, including its /init. */
    public static Duration decapsulate(Algorithm algorithm) {
        int ct = algorithm.outputLength() == Algorithm.VARIABLE ? RSA_BYTES : algorithm.outputLength();
        return seconds(INIT_ROUND_TRIP + (21 + 16 + ct + 40) + (6 + 32 + 40));
    }

    private static Duration seconds(int bytes) {
        return Duration.ofMillis(Math.round(bytes * 1000 / BYTES_PER_SECOND));
    }
}
