package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.apdu.Sw;
import io.pqrstuv.cryptnox.emulator.apdu.SwException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * PIN and PUK checks with the card's counters (notes §2.9, §2.11; status_codes "retry behavior"):
 * 3 PIN tries per power cycle and 6 in all before the PIN is blocked; 12 PUK tries per power cycle,
 * unlimited overall. Like a Java Card OwnerPIN, a PIN try is counted (and saved) before the
 * comparison, so cutting the power after a wrong guess never saves the try.
 */
final class Auth {
    private Auth() {
    }

    /** Tries usable now: the smaller of this cycle's and the persistent counter. */
    static int pinTriesLeft(Card card) {
        return Math.min(card.session.pinTriesThisCycle, card.state.pinTriesLeft);
    }

    static boolean pinBlocked(Card card) {
        return card.state.pinTriesLeft == 0;
    }

    /**
     * Checks a 9-byte PIN; on success the PIN is verified for the session.
     *
     * @throws SwException 63Cx (x tries left) on a wrong PIN or when no try is left
     */
    static void verifyPin(Card card, byte[] candidate) {
        Session s = card.session;
        CardState st = card.state;
        if (s.pinTriesThisCycle == 0 || st.pinTriesLeft == 0) {
            s.dropAuth();
            throw new SwException(Sw.triesLeft(0));
        }
        st.pinTriesLeft--;
        s.pinTriesThisCycle--;
        card.commit();
        boolean ok = candidate.length == 9 && MessageDigest.isEqual(candidate, st.pin);
        if (ok) {
            st.pinTriesLeft = CardState.PIN_TRIES;
            s.pinTriesThisCycle = Session.PIN_TRIES_PER_CYCLE;
            card.commit();
            s.pinVerified = true;
            return;
        }
        s.dropAuth();
        throw new SwException(Sw.triesLeft(pinTriesLeft(card)));
    }

    /**
     * Checks a 12-byte PUK against this power cycle's tries.
     *
     * @param wrongSw the status word of a wrong PUK (63Cx is built from the tries left when it is
     *                {@link Sw#WRONG_CODE_BASE}; CHANGE PUK answers 9840)
     */
    static void verifyPuk(Card card, byte[] candidate, int wrongSw) {
        Session s = card.session;
        if (s.pukTriesThisCycle == 0) {
            throw new SwException(Sw.triesLeft(0));
        }
        s.pukTriesThisCycle--;
        boolean ok = candidate.length == 12 && MessageDigest.isEqual(candidate, card.state.puk);
        if (ok) {
            s.pukTriesThisCycle = Session.PUK_TRIES_PER_CYCLE;
            return;
        }
        throw new SwException(wrongSw == Sw.WRONG_CODE_BASE ? Sw.triesLeft(s.pukTriesThisCycle) : wrongSw);
    }

    /** A well-formed PIN: 4 to 9 ASCII digits right-padded with 00 to exactly 9 bytes. */
    static boolean validPin(byte[] pin) {
        if (pin.length != 9) {
            return false;
        }
        int digits = 0;
        while (digits < 9 && pin[digits] >= '0' && pin[digits] <= '9') {
            digits++;
        }
        for (int i = digits; i < 9; i++) {
            if (pin[i] != 0) {
                return false;
            }
        }
        return digits >= 4;
    }

    /** A PUK: 12 bytes of 7-bit ASCII. */
    static boolean validPuk(byte[] puk) {
        if (puk.length != 12) {
            return false;
        }
        for (byte b : puk) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** The PUK-derived pairing key of slot FF: SHA-256 applied 32 times to the PUK. */
    static byte[] pukPairingKey(byte[] puk) {
        byte[] h = puk.clone();
        for (int i = 0; i < 32; i++) {
            byte[] next = io.pqrstuv.cryptnox.emulator.crypto.Hashes.sha256(h);
            Arrays.fill(h, (byte) 0);
            h = next;
        }
        return h;
    }
}
