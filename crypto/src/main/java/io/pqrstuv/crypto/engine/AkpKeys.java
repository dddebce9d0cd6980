package io.pqrstuv.crypto.engine;

import static io.pqrstuv.crypto.cose.CoseLabels.ALG;
import static io.pqrstuv.crypto.cose.CoseLabels.KTY;
import static io.pqrstuv.crypto.cose.CoseLabels.PRIV;
import static io.pqrstuv.crypto.cose.CoseLabels.PUB;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.MessageDigest;

/** Shared AKP (RFC 9964) map building and checks. */
final class AkpKeys {
    private AkpKeys() {
    }

    /** Takes ownership of {@code pub} and {@code priv}. */
    static CoseMap map(Algorithm algorithm, byte[] pub, byte[] priv) {
        return new CoseMap()
                .put(KTY, Algorithm.KeyType.AKP.coseValue())
                .put(ALG, algorithm.coseId())
                .put(PUB, pub)
                .put(PRIV, priv);
    }

    static void checkLengths(Algorithm algorithm, CoseMap key, int privLength) throws CoseKeyException {
        if (key.requireBytes(PRIV).length != privLength) {
            throw FamilyEngine.mismatch(algorithm.displayName() + " priv must be " + privLength + " bytes");
        }
        if (key.requireBytes(PUB).length != algorithm.publicKeyLength()) {
            throw FamilyEngine.mismatch(algorithm.displayName() + " pub must be " + algorithm.publicKeyLength() + " bytes");
        }
    }

    /** Compares the stored pub with the one derived from priv; wipes nothing (pub is public). */
    static void checkDerived(Algorithm algorithm, CoseMap key, byte[] derivedPub) throws CoseKeyException {
        if (!MessageDigest.isEqual(derivedPub, key.requireBytes(PUB))) {
            throw FamilyEngine.mismatch(algorithm.displayName() + " pub does not match priv");
        }
    }
}
