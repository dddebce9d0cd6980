package io.pqrstuv.cryptnox.emulator.applet;

import java.util.ArrayDeque;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import java.util.Arrays;
import java.util.Deque;

/**
 * What the card forgets at power off or reset (notes §5.1 item 8, right column). SELECT clears the
 * session part (secure channel, PIN and user-key authentication, session key) but not the
 * per-power-cycle try counters: re-selecting must not buy new tries.
 */
final class Session {
    static final int PIN_TRIES_PER_CYCLE = 3;
    static final int PUK_TRIES_PER_CYCLE = 12;

    boolean selected;
    /** The F8 session key pair's private scalar (card side of INIT and OPEN SECURE CHANNEL ECDH). */
    byte[] sessionKey;
    final SecureChannel channel = new SecureChannel();
    /** Set by OPEN SECURE CHANNEL, cleared by the next command: MUTUALLY AUTHENTICATE must come next. */
    boolean awaitingMutualAuth;
    boolean pinVerified;
    /** Challenge-response with a user key: unlocks what the PIN unlocks, except SIGN. */
    boolean userKeyAuth;
    /** Hashes a user key authorised for SIGN, in signing order. */
    final Deque<byte[]> signAuthorized = new ArrayDeque<>();
    byte[] challenge;
    /** LOAD KEY P1=04's key pair, waiting for P1=05. */
    byte[] dualKey;
    /**
     * The RSA seed-wrap key of GENERATE RSA SEED WRAP KEY (firmware 2.0), waiting for LOAD KEY P1=06.
     * Its private parts are BigIntegers (Bouncy Castle's RSA key type), which cannot be wiped; the
     * key lives only until the session ends or it unwraps one seed.
     */
    RSAPrivateCrtKeyParameters wrapKey;
    int pinTriesThisCycle = PIN_TRIES_PER_CYCLE;
    int pukTriesThisCycle = PUK_TRIES_PER_CYCLE;

    /** Deselect: the session ends, the power-cycle counters stay. */
    void endSession() {
        selected = false;
        channel.close();
        awaitingMutualAuth = false;
        dropAuth();
        wipe(sessionKey);
        sessionKey = null;
        wipe(challenge);
        challenge = null;
        wipe(dualKey);
        dualKey = null;
        wrapKey = null;
    }

    void dropAuth() {
        pinVerified = false;
        userKeyAuth = false;
        signAuthorized.clear();
    }

    /** Power off, power on, warm reset: all transient memory is cleared. */
    void powerReset() {
        endSession();
        pinTriesThisCycle = PIN_TRIES_PER_CYCLE;
        pukTriesThisCycle = PUK_TRIES_PER_CYCLE;
    }

    boolean userAuthenticated() {
        return pinVerified || userKeyAuth;
    }

    private static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
