package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.error.CardStateException;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import java.util.Arrays;

/**
 * Dual seed generation (notes §2.12): two cards of the same group agree on a seed by ECDH over their
 * own session keys, signed with the group key, so the host that carries the messages never sees
 * it. Afterwards each card is the other's backup.
 */
public final class DualSeed {
    private DualSeed() {
    }

    /**
     * Runs the four steps (LOAD KEY 04 on both, then 05 on both with the other's answer) and checks
     * that both cards now have the same secp256k1 master key, which it returns. Both cards must be
     * initialised, seedless and open in their own session.
     */
    public static CardPublicKey generate(CryptnoxCard a, char[] pinA, CryptnoxCard b, char[] pinB)
            throws CryptnoxException {
        if (pinA == null || pinB == null) {
            throw new IllegalArgumentException("dual generation needs the PIN of each card");
        }
        if (a == b || a.serialNumber().equals(b.serialNumber())) {
            throw new IllegalArgumentException("dual generation needs two different cards");
        }
        for (CryptnoxCard c : new CryptnoxCard[] {a, b}) {
            if (c.status().seedLoaded()) {
                throw new CardStateException("card " + c.serialNumber().toString(16) + " already has a seed "
                        + "(reset it with the PUK first)");
            }
        }
        byte[] keyA = a.dualSeedPublicKey(pinA);
        byte[] keyB = b.dualSeedPublicKey(pinB);
        a.dualSeedLoad(keyB, pinA);
        b.dualSeedLoad(keyA, pinB);
        // the load re-selected both cards: authenticate again to read the master keys
        a.verifyPin(pinA);
        b.verifyPin(pinB);
        // a new seed's current key is its master key
        CardPublicKey masterA = a.publicKey(KeyType.K1);
        CardPublicKey masterB = b.publicKey(KeyType.K1);
        if (!Arrays.equals(masterA.uncompressed(), masterB.uncompressed())) {
            throw new CardProtocolException("dual generation: the two cards ended with different seeds");
        }
        return masterA;
    }
}
