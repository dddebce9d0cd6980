package io.pqrstuv.crypto.der;

import io.pqrstuv.icp.alg.Algorithm;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/** Object identifiers of notes §3.5 (SPKI and PKCS#8 algorithm identifiers). */
public final class Oids {
    public static final ASN1ObjectIdentifier EC_PUBLIC_KEY = new ASN1ObjectIdentifier("1.2.840.10045.2.1");
    public static final ASN1ObjectIdentifier PRIME256V1 = new ASN1ObjectIdentifier("1.2.840.10045.3.1.7");
    public static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    public static final ASN1ObjectIdentifier RSA_ENCRYPTION = new ASN1ObjectIdentifier("1.2.840.113549.1.1.1");
    public static final ASN1ObjectIdentifier RSAES_OAEP = new ASN1ObjectIdentifier("1.2.840.113549.1.1.7");
    public static final ASN1ObjectIdentifier RSASSA_PSS = new ASN1ObjectIdentifier("1.2.840.113549.1.1.10");
    public static final ASN1ObjectIdentifier SHA256 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.1");
    public static final ASN1ObjectIdentifier SHA512 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.3");

    private static final String SIG = "2.16.840.1.101.3.4.3.";
    private static final String KEM = "2.16.840.1.101.3.4.4.";

    /** The algorithms whose OID alone names them (AKP algorithms, Ed25519, ES256 via its curve). */
    private static final Map<Algorithm, ASN1ObjectIdentifier> PQ = new EnumMap<>(Algorithm.class);

    static {
        PQ.put(Algorithm.ML_DSA_44, new ASN1ObjectIdentifier(SIG + "17"));
        PQ.put(Algorithm.ML_DSA_65, new ASN1ObjectIdentifier(SIG + "18"));
        PQ.put(Algorithm.ML_DSA_87, new ASN1ObjectIdentifier(SIG + "19"));
        PQ.put(Algorithm.SLH_DSA_SHA2_128S, new ASN1ObjectIdentifier(SIG + "20"));
        PQ.put(Algorithm.SLH_DSA_SHA2_128F, new ASN1ObjectIdentifier(SIG + "21"));
        PQ.put(Algorithm.SLH_DSA_SHA2_192S, new ASN1ObjectIdentifier(SIG + "22"));
        PQ.put(Algorithm.SLH_DSA_SHA2_192F, new ASN1ObjectIdentifier(SIG + "23"));
        PQ.put(Algorithm.SLH_DSA_SHA2_256S, new ASN1ObjectIdentifier(SIG + "24"));
        PQ.put(Algorithm.SLH_DSA_SHA2_256F, new ASN1ObjectIdentifier(SIG + "25"));
        PQ.put(Algorithm.SLH_DSA_SHAKE_128S, new ASN1ObjectIdentifier(SIG + "26"));
        PQ.put(Algorithm.SLH_DSA_SHAKE_128F, new ASN1ObjectIdentifier(SIG + "27"));
        PQ.put(Algorithm.SLH_DSA_SHAKE_192S, new ASN1ObjectIdentifier(SIG + "28"));
        PQ.put(Algorithm.SLH_DSA_SHAKE_192F, new ASN1ObjectIdentifier(SIG + "29"));
        PQ.put(Algorithm.SLH_DSA_SHAKE_256S, new ASN1ObjectIdentifier(SIG + "30"));
        PQ.put(Algorithm.SLH_DSA_SHAKE_256F, new ASN1ObjectIdentifier(SIG + "31"));
        PQ.put(Algorithm.ML_KEM_512, new ASN1ObjectIdentifier(KEM + "1"));
        PQ.put(Algorithm.ML_KEM_768, new ASN1ObjectIdentifier(KEM + "2"));
        PQ.put(Algorithm.ML_KEM_1024, new ASN1ObjectIdentifier(KEM + "3"));
    }

    private Oids() {
    }

    /** The OID of an AKP algorithm (ML-DSA, SLH-DSA, ML-KEM); parameters are absent for all of them. */
    public static ASN1ObjectIdentifier ofAkp(Algorithm algorithm) {
        ASN1ObjectIdentifier oid = PQ.get(algorithm);
        if (oid == null) {
            throw new IllegalArgumentException(algorithm + " is not an AKP algorithm");
        }
        return oid;
    }

    /** The AKP algorithm an OID names, if any. */
    public static Optional<Algorithm> akpAlgorithm(ASN1ObjectIdentifier oid) {
        return PQ.entrySet().stream().filter(e -> e.getValue().equals(oid)).map(Map.Entry::getKey).findFirst();
    }
}
