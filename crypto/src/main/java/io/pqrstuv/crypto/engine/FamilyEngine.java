package io.pqrstuv.crypto.engine;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.SecureRandom;

/**
 * The private-key operations of one algorithm family on a decoded private COSE_Key. Callers have
 * already checked that every label is present with the right CBOR type.
 */
interface FamilyEngine {

    /** A fresh key pair as a complete private COSE_Key map (kty, alg, public and private labels). */
    CoseMap generate(Algorithm algorithm, SecureRandom random);

    /** Sizes and public/private consistency (D-19); throws MISMATCH. */
    void check(Algorithm algorithm, CoseMap key) throws CoseKeyException;

    default byte[] sign(Algorithm algorithm, CoseMap key, byte[] digest, SecureRandom random) {
        throw new IllegalArgumentException(algorithm + " is not a signature algorithm");
    }

    default int ciphertextLength(Algorithm algorithm, CoseMap key) {
        throw new IllegalArgumentException(algorithm + " is not a KEM/encryption algorithm");
    }

    default byte[] decapsulate(Algorithm algorithm, CoseMap key, byte[] ciphertext) throws DecapsulationException {
        throw new IllegalArgumentException(algorithm + " is not a KEM/encryption algorithm");
    }

    static CoseKeyException mismatch(String message) {
        return new CoseKeyException(CoseKeyException.Reason.MISMATCH, message);
    }
}
