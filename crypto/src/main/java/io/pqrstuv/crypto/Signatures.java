package io.pqrstuv.crypto;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.PublicKey;

/** Verification of device signatures with independent public-key code (notes §3.6). */
public final class Signatures {
    private Signatures() {
    }

    /** SHA3-256 of a document: what ECP /sign sends to ICP SIGN. */
    public static byte[] sha3(byte[] document) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Verifies a SIGN output over the 32-byte digest it was asked to sign. */
    public static boolean verifyDigest(Algorithm algorithm, PublicKey key, byte[] digest, byte[] signature) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Verifies an ECP /sign result over the original document (hashes it with SHA3-256 first). */
    public static boolean verifyDocument(Algorithm algorithm, PublicKey key, byte[] document, byte[] signature) {
        return verifyDigest(algorithm, key, sha3(document), signature);
    }
}
