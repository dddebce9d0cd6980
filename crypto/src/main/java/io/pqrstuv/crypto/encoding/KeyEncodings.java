package io.pqrstuv.crypto.encoding;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.Pkcs8Exception;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.cose.CoseCodec;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.cose.PublicKeyChecks;
import io.pqrstuv.crypto.der.Pkcs8Import;
import io.pqrstuv.crypto.der.Spki;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.PublicKey;
import java.util.EnumSet;
import java.util.Set;

/**
 * Conversions between COSE_Key CBOR (the ICP side) and DER / JCA keys (the ECP and client side):
 * notes §3.4, §3.5, D-22, D-23.
 */
public final class KeyEncodings {
    private static final Set<Algorithm> ALL = EnumSet.allOf(Algorithm.class);
    private static final DeviceCrypto VALIDATOR = new JcaDeviceCrypto();

    private KeyEncodings() {
    }

    /** A public COSE_Key's algorithm (label 3), after validating it is a public key of the profile. */
    public static Algorithm algorithmOfPublicCose(byte[] cosePublic) throws CoseKeyException {
        try (CoseMap map = PublicKeyChecks.decode(cosePublic, ALL)) {
            return PublicKeyChecks.algorithm(map);
        }
    }

    /** X.509 SubjectPublicKeyInfo DER of a public COSE_Key (RSA always rsaEncryption/NULL, D-23). */
    public static byte[] spkiFromPublicCose(byte[] cosePublic) throws CoseKeyException {
        try (CoseMap map = PublicKeyChecks.decode(cosePublic, ALL)) {
            return Spki.fromCose(PublicKeyChecks.algorithm(map), map);
        }
    }

    /** A JCA public key for a public COSE_Key (verification, encapsulation). */
    public static PublicKey publicKeyFromCose(byte[] cosePublic) throws CoseKeyException {
        byte[] spki = spkiFromPublicCose(cosePublic);
        try {
            return Spki.toPublicKey(spki);
        } catch (Pkcs8Exception e) {
            // The SPKI was built from validated parts; a JDK refusal means the key is unusable.
            throw new CoseKeyException(CoseKeyException.Reason.MISMATCH, "public key rejected: " + e.getMessage());
        }
    }

    /** A JCA public key from SubjectPublicKeyInfo DER (JDK provider where it knows the OID, else BC). */
    public static PublicKey publicKeyFromSpki(byte[] spki) throws Pkcs8Exception {
        return Spki.toPublicKey(spki);
    }

    /**
     * The private COSE_Key CBOR for a DER PKCS#8 OneAsymmetricKey (v1 or v2) for /import (D-22).
     * Does not zeroize {@code pkcs8}; the caller does.
     *
     * @throws Pkcs8Exception with DECODE (HTTP 417) for malformed DER or an inconsistent key, UNSUPPORTED
     *     (HTTP 400) for an OID outside {@code allowed} or an ML-DSA/ML-KEM key without its seed
     */
    public static byte[] privateCoseFromPkcs8(byte[] pkcs8, Set<Algorithm> allowed) throws Pkcs8Exception {
        Pkcs8Import.Imported imported = Pkcs8Import.read(pkcs8, allowed);
        byte[] cose = null;
        try (CoseMap key = imported.key()) {
            cose = CoseCodec.encode(key);
            // The same checks the storage module runs on IMPORT, so a bad key fails here with 417.
            try (PrivateKeyBlob checked = VALIDATOR.parsePrivate(cose, allowed)) {
                return checked.cose().clone();
            }
        } catch (CoseKeyException e) {
            throw new Pkcs8Exception(Pkcs8Exception.Reason.DECODE, "key parts are inconsistent: " + e.getMessage());
        } finally {
            if (cose != null) {
                java.util.Arrays.fill(cose, (byte) 0);
            }
        }
    }
}
