package io.pqrstuv.client.keys;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Public keys as the device returns them (SubjectPublicKeyInfo DER, D-23, notes §3.5): which
 * profile algorithms a key can belong to, and a JCA key for local verification or encapsulation.
 */
public final class DeviceKeys {
    private static final String EC = "1.2.840.10045.2.1";
    private static final String P256 = "1.2.840.10045.3.1.7";
    private static final String ED25519 = "1.3.101.112";
    private static final String RSA = "1.2.840.113549.1.1.1";
    private static final String NIST_SIG = "2.16.840.1.101.3.4.3.";
    private static final String NIST_KEM = "2.16.840.1.101.3.4.4.";

    private static final Map<String, Algorithm> BY_OID = Map.ofEntries(
            Map.entry(ED25519, Algorithm.ED25519),
            Map.entry(NIST_SIG + "17", Algorithm.ML_DSA_44),
            Map.entry(NIST_SIG + "18", Algorithm.ML_DSA_65),
            Map.entry(NIST_SIG + "19", Algorithm.ML_DSA_87),
            Map.entry(NIST_SIG + "20", Algorithm.SLH_DSA_SHA2_128S),
            Map.entry(NIST_SIG + "21", Algorithm.SLH_DSA_SHA2_128F),
            Map.entry(NIST_SIG + "22", Algorithm.SLH_DSA_SHA2_192S),
            Map.entry(NIST_SIG + "23", Algorithm.SLH_DSA_SHA2_192F),
            Map.entry(NIST_SIG + "24", Algorithm.SLH_DSA_SHA2_256S),
            Map.entry(NIST_SIG + "25", Algorithm.SLH_DSA_SHA2_256F),
            Map.entry(NIST_SIG + "26", Algorithm.SLH_DSA_SHAKE_128S),
            Map.entry(NIST_SIG + "27", Algorithm.SLH_DSA_SHAKE_128F),
            Map.entry(NIST_SIG + "28", Algorithm.SLH_DSA_SHAKE_192S),
            Map.entry(NIST_SIG + "29", Algorithm.SLH_DSA_SHAKE_192F),
            Map.entry(NIST_SIG + "30", Algorithm.SLH_DSA_SHAKE_256S),
            Map.entry(NIST_SIG + "31", Algorithm.SLH_DSA_SHAKE_256F),
            Map.entry(NIST_KEM + "1", Algorithm.ML_KEM_512),
            Map.entry(NIST_KEM + "2", Algorithm.ML_KEM_768),
            Map.entry(NIST_KEM + "3", Algorithm.ML_KEM_1024));

    private DeviceKeys() {
    }

    /**
     * The profile algorithms an SPKI can belong to. One for every key type except RSA, which the
     * device always encodes as rsaEncryption (D-23) whatever its usage: RS256, PS256 or either OAEP.
     */
    public static Set<Algorithm> candidates(byte[] spki) throws InvalidKeyException {
        SubjectPublicKeyInfo info = parse(spki);
        String oid = info.getAlgorithm().getAlgorithm().getId();
        if (oid.equals(RSA)) {
            return EnumSet.of(Algorithm.RS256, Algorithm.PS256, Algorithm.RSA_OAEP_256, Algorithm.RSA_OAEP_512);
        }
        if (oid.equals(EC)) {
            ASN1Encodable p = info.getAlgorithm().getParameters();
            if (p instanceof ASN1ObjectIdentifier curve && curve.getId().equals(P256)) {
                return EnumSet.of(Algorithm.ES256);
            }
            throw new InvalidKeyException("EC key on a curve the device profile does not use");
        }
        Algorithm a = BY_OID.get(oid);
        if (a == null) {
            throw new InvalidKeyException("public key algorithm " + oid + " is not in the device profile");
        }
        return EnumSet.of(a);
    }

    /** A JCA public key for an SPKI: JDK providers where they know the algorithm, Bouncy Castle for SLH-DSA. */
    public static PublicKey publicKey(byte[] spki) throws InvalidKeyException {
        Set<Algorithm> c = candidates(spki);
        Algorithm any = c.iterator().next();
        try {
            X509EncodedKeySpec spec = new X509EncodedKeySpec(spki);
            return switch (any.family()) {
                case ML_DSA -> KeyFactory.getInstance("ML-DSA").generatePublic(spec);
                case ML_KEM -> KeyFactory.getInstance("ML-KEM").generatePublic(spec);
                case EDDSA -> KeyFactory.getInstance("Ed25519").generatePublic(spec);
                case ECDSA -> KeyFactory.getInstance("EC").generatePublic(spec);
                case RSA_PKCS1, RSA_PSS, RSA_OAEP -> KeyFactory.getInstance("RSA").generatePublic(spec);
                case SLH_DSA -> KeyFactory.getInstance("SLH-DSA", bouncyCastle()).generatePublic(spec);
            };
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("the public key does not decode: " + e.getMessage(), e);
        }
    }

    /** Checks that {@code key} can be a key of {@code algorithm}. */
    public static void requireAlgorithm(PublicKey key, Algorithm algorithm) throws InvalidKeyException {
        if (key == null || key.getEncoded() == null || !candidates(key.getEncoded()).contains(algorithm)) {
            throw new InvalidKeyException("the key is not a " + algorithm.displayName() + " public key");
        }
    }

    static SubjectPublicKeyInfo parse(byte[] spki) throws InvalidKeyException {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
            if (info == null) {
                throw new InvalidKeyException("empty public key");
            }
            return info;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidKeyException("not a DER SubjectPublicKeyInfo", e);
        }
    }

    private static final class Bc {
        static final Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    /** Loaded on first use only: the BC provider costs start-up time the CLI cares about. */
    static Provider bouncyCastle() {
        return Bc.PROVIDER;
    }
}
