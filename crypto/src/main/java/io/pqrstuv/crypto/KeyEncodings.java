package io.pqrstuv.crypto;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.PublicKey;
import java.util.Set;

/**
 * Conversions between COSE_Key CBOR (the ICP side) and DER / JCA keys (the ECP and client side):
 * notes §3.4, §3.5, D-22, D-23.
 */
public final class KeyEncodings {
    private KeyEncodings() {
    }

    /** A public COSE_Key's algorithm (label 3), after validating it is a public key of the profile. */
    public static Algorithm algorithmOfPublicCose(byte[] cosePublic) throws CoseKeyException {
        throw new UnsupportedOperationException("TODO");
    }

    /** X.509 SubjectPublicKeyInfo DER of a public COSE_Key (RSA always rsaEncryption/NULL, D-23). */
    public static byte[] spkiFromPublicCose(byte[] cosePublic) throws CoseKeyException {
        throw new UnsupportedOperationException("TODO");
    }

    /** A JCA public key for a public COSE_Key (verification, encapsulation). */
    public static PublicKey publicKeyFromCose(byte[] cosePublic) throws CoseKeyException {
        throw new UnsupportedOperationException("TODO");
    }

    /** A JCA public key from SubjectPublicKeyInfo DER (JDK provider where it knows the OID, else BC). */
    public static PublicKey publicKeyFromSpki(byte[] spki) throws Pkcs8Exception {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The private COSE_Key CBOR for a DER PKCS#8 OneAsymmetricKey (v1 or v2) for /import (D-22).
     * Does not zeroize {@code pkcs8}; the caller does.
     *
     * @throws Pkcs8Exception with DECODE (HTTP 417) for malformed DER, UNSUPPORTED (HTTP 400) for an
     *     OID outside {@code allowed} or an ML-DSA/ML-KEM key without its seed
     */
    public static byte[] privateCoseFromPkcs8(byte[] pkcs8, Set<Algorithm> allowed) throws Pkcs8Exception {
        throw new UnsupportedOperationException("TODO");
    }
}
