package io.pqrstuv.crypto.der;

import static io.pqrstuv.crypto.Pkcs8Exception.Reason.DECODE;
import static io.pqrstuv.crypto.Pkcs8Exception.Reason.UNSUPPORTED;

import io.pqrstuv.crypto.Pkcs8Exception;
import io.pqrstuv.crypto.cose.CoseLabels;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * PKCS#8 OneAsymmetricKey (v1/v2) → private COSE_Key map for /import (D-22). The map still has to
 * pass the engine's IMPORT validation; this class only reads the DER and derives missing public parts.
 */
public final class Pkcs8Import {
    private static final X9ECParameters P256 = ECNamedCurveTable.getByName("P-256");

    private Pkcs8Import() {
    }

    /** The algorithm and private COSE_Key map; the caller destroys the map. */
    public record Imported(Algorithm algorithm, CoseMap key) {
        @Override
        public String toString() {
            return "Imported[" + algorithm + "]";
        }
    }

    public static Imported read(byte[] der, Set<Algorithm> allowed) throws Pkcs8Exception {
        PrivateKeyInfo info = parse(der);
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        Algorithm alg = algorithm(info, oid);
        if (!allowed.contains(alg)) {
            throw new Pkcs8Exception(UNSUPPORTED, alg.displayName() + " is not an available cryptosystem");
        }
        byte[] content = info.getPrivateKey().getOctets();
        try {
            CoseMap key = switch (alg.family()) {
                case ECDSA -> ec(alg, content);
                case EDDSA -> ed25519(alg, content);
                case RSA_PKCS1, RSA_PSS, RSA_OAEP -> rsa(alg, content);
                case ML_DSA -> mlDsa(alg, content);
                case ML_KEM -> mlKem(alg, content);
                case SLH_DSA -> slhDsa(alg, content);
            };
            try {
                checkEmbeddedPublic(alg, info, content, key);
            } catch (Pkcs8Exception | RuntimeException e) {
                key.destroy();
                throw e;
            }
            return new Imported(alg, key);
        } catch (WrappedPkcs8 e) {
            throw e.cause;
        } catch (RuntimeException e) {
            // BC's ASN.1 and key classes signal bad content with assorted runtime exceptions.
            throw new Pkcs8Exception(DECODE, "malformed " + alg.displayName() + " private key");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * A v2 publicKey (or the publicKey inside an EC ECPrivateKey) must be the one derived from the
     * private key: importing a mismatched pair is refused (RFC 9964 "Mismatched AKP parameters").
     */
    private static void checkEmbeddedPublic(Algorithm alg, PrivateKeyInfo info, byte[] content, CoseMap key)
            throws Pkcs8Exception {
        byte[] derived = switch (alg.keyType()) {
            case EC2 -> uncompressedPoint(key);
            case OKP -> key.requireBytes(CoseLabels.X);
            case AKP -> key.requireBytes(CoseLabels.PUB);
            case RSA -> null;
        };
        java.util.List<byte[]> given = new java.util.ArrayList<>();
        if (info.getPublicKeyData() != null) {
            given.add(info.getPublicKeyData().getOctets());
        }
        if (alg.keyType() == Algorithm.KeyType.EC2) {
            var ecPub = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(content).getPublicKey();
            if (ecPub != null) {
                given.add(ecPub.getOctets());
            }
        }
        for (byte[] g : given) {
            boolean same = derived == null
                    ? rsaPublicMatches(g, key)
                    : MessageDigest.isEqual(g, derived);
            if (!same) {
                throw new Pkcs8Exception(DECODE, "the embedded public key does not match the private key");
            }
        }
    }

    private static byte[] uncompressedPoint(CoseMap key) {
        byte[] x = key.requireBytes(CoseLabels.X);
        byte[] y = key.requireBytes(CoseLabels.Y);
        byte[] out = new byte[1 + x.length + y.length];
        out[0] = 0x04;
        System.arraycopy(x, 0, out, 1, x.length);
        System.arraycopy(y, 0, out, 1 + x.length, y.length);
        return out;
    }

    private static boolean rsaPublicMatches(byte[] der, CoseMap key) {
        org.bouncycastle.asn1.pkcs.RSAPublicKey pub = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(der);
        return pub.getModulus().equals(new BigInteger(1, key.requireBytes(CoseLabels.N)))
                && pub.getPublicExponent().equals(new BigInteger(1, key.requireBytes(CoseLabels.E)));
    }

    private static PrivateKeyInfo parse(byte[] der) throws Pkcs8Exception {
        try {
            // fromByteArray rejects trailing bytes; getInstance checks the OneAsymmetricKey shape.
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (info == null) {
                throw new IOException("empty");
            }
            int version = info.getVersion().intValueExact();
            if (version != 0 && version != 1) {
                throw new IOException("version");
            }
            return info;
        } catch (IOException | RuntimeException e) {
            throw new Pkcs8Exception(DECODE, "not a DER PKCS#8 OneAsymmetricKey");
        }
    }

    private static Algorithm algorithm(PrivateKeyInfo info, ASN1ObjectIdentifier oid) throws Pkcs8Exception {
        ASN1Encodable params = info.getPrivateKeyAlgorithm().getParameters();
        if (oid.equals(Oids.EC_PUBLIC_KEY)) {
            if (Oids.PRIME256V1.equals(params)) {
                return Algorithm.ES256;
            }
            throw new Pkcs8Exception(UNSUPPORTED, "only the P-256 curve is supported");
        }
        if (oid.equals(Oids.ED25519)) {
            return Algorithm.ED25519;
        }
        if (oid.equals(Oids.RSA_ENCRYPTION)) {
            return Algorithm.RS256;
        }
        if (oid.equals(Oids.RSASSA_PSS)) {
            return Algorithm.PS256;
        }
        if (oid.equals(Oids.RSAES_OAEP)) {
            return oaep(params);
        }
        return Oids.akpAlgorithm(oid).orElseThrow(() -> new Pkcs8Exception(UNSUPPORTED, "unsupported key algorithm " + oid));
    }

    /** -41 or -42 from RSAES-OAEP-params: the hash and the MGF1 hash must agree (RFC 8230). */
    private static Algorithm oaep(ASN1Encodable params) throws Pkcs8Exception {
        RSAESOAEPparams p;
        try {
            p = RSAESOAEPparams.getInstance(params);
        } catch (RuntimeException e) {
            throw new Pkcs8Exception(DECODE, "malformed RSAES-OAEP parameters");
        }
        if (p == null) {
            throw new Pkcs8Exception(UNSUPPORTED, "RSAES-OAEP with default (SHA-1) parameters is not supported");
        }
        ASN1ObjectIdentifier hash = p.getHashAlgorithm().getAlgorithm();
        if (!org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_mgf1.equals(p.getMaskGenAlgorithm().getAlgorithm())) {
            throw new Pkcs8Exception(UNSUPPORTED, "RSAES-OAEP with a mask generation function other than MGF1");
        }
        ASN1ObjectIdentifier mgfHashOid;
        try {
            // MGF1's parameter must be an AlgorithmIdentifier; anything else is malformed DER (found by
            // fuzzing: a SET here escaped as an IllegalArgumentException, a 500 instead of 417).
            ASN1Encodable mgfHash = p.getMaskGenAlgorithm().getParameters();
            mgfHashOid = mgfHash == null ? null
                    : org.bouncycastle.asn1.x509.AlgorithmIdentifier.getInstance(mgfHash).getAlgorithm();
        } catch (RuntimeException e) {
            throw new Pkcs8Exception(DECODE, "malformed RSAES-OAEP MGF1 parameters");
        }
        if (!RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM.equals(p.getPSourceAlgorithm())) {
            // The device decrypts with the empty label; a key declaring another one would be misused.
            throw new Pkcs8Exception(UNSUPPORTED, "RSAES-OAEP with a label (pSourceAlgorithm) is not supported");
        }
        if (hash.equals(Oids.SHA256) && hash.equals(mgfHashOid)) {
            return Algorithm.RSA_OAEP_256;
        }
        if (hash.equals(Oids.SHA512) && hash.equals(mgfHashOid)) {
            return Algorithm.RSA_OAEP_512;
        }
        throw new Pkcs8Exception(UNSUPPORTED, "RSAES-OAEP parameters other than SHA-256 or SHA-512 throughout");
    }

    private static CoseMap ec(Algorithm alg, byte[] content) {
        org.bouncycastle.asn1.sec.ECPrivateKey k = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(content);
        // RFC 5915: version is ecPrivkeyVer1 (1). BC does not check it; found by fuzzing (KeyDerFuzzTest).
        if (!org.bouncycastle.asn1.ASN1Integer.getInstance(ASN1Sequence.getInstance(content).getObjectAt(0))
                .hasValue(1)) {
            throw new IllegalArgumentException("ECPrivateKey version must be 1");
        }
        BigInteger d = k.getKey();
        ECPoint q = P256.getG().multiply(d).normalize();
        return new CoseMap()
                .put(CoseLabels.KTY, Algorithm.KeyType.EC2.coseValue())
                .put(CoseLabels.ALG, alg.coseId())
                .put(CoseLabels.CRV, CoseLabels.CRV_P256)
                .put(CoseLabels.X, q.getAffineXCoord().getEncoded())
                .put(CoseLabels.Y, q.getAffineYCoord().getEncoded())
                .put(CoseLabels.D, fixed(d, 32));
    }

    private static CoseMap ed25519(Algorithm alg, byte[] content) {
        byte[] d = ASN1OctetString.getInstance(content).getOctets();
        if (d.length != 32) {
            throw new IllegalArgumentException("Ed25519 private key must be 32 bytes");
        }
        return new CoseMap()
                .put(CoseLabels.KTY, Algorithm.KeyType.OKP.coseValue())
                .put(CoseLabels.ALG, alg.coseId())
                .put(CoseLabels.CRV, CoseLabels.CRV_ED25519)
                .put(CoseLabels.X, new Ed25519PrivateKeyParameters(d, 0).generatePublicKey().getEncoded())
                .put(CoseLabels.D, d);
    }

    private static CoseMap rsa(Algorithm alg, byte[] content) {
        RSAPrivateKey k = RSAPrivateKey.getInstance(content);
        if (k.getVersion().signum() != 0) {
            throw new IllegalArgumentException("multi-prime RSA is not supported");
        }
        return new CoseMap()
                .put(CoseLabels.KTY, Algorithm.KeyType.RSA.coseValue())
                .put(CoseLabels.ALG, alg.coseId())
                .put(CoseLabels.N, minimal(k.getModulus()))
                .put(CoseLabels.E, minimal(k.getPublicExponent()))
                .put(CoseLabels.RSA_D, minimal(k.getPrivateExponent()))
                .put(CoseLabels.P, minimal(k.getPrime1()))
                .put(CoseLabels.Q, minimal(k.getPrime2()))
                .put(CoseLabels.DP, minimal(k.getExponent1()))
                .put(CoseLabels.DQ, minimal(k.getExponent2()))
                .put(CoseLabels.QINV, minimal(k.getCoefficient()));
    }

    /**
     * The ML-DSA/ML-KEM private key CHOICE, told apart by its tag (RFC 9881/9935): [0] seed,
     * OCTET STRING expandedKey, SEQUENCE both. Returns the seed; expandedKey alone is UNSUPPORTED.
     */
    private static byte[] seedOf(byte[] content, int seedLength, java.util.function.Function<byte[], byte[]> expand)
            throws Pkcs8Exception {
        ASN1Primitive p;
        try {
            p = ASN1Primitive.fromByteArray(content);
        } catch (IOException e) {
            throw new Pkcs8Exception(DECODE, "malformed private key CHOICE");
        }
        if (p instanceof ASN1TaggedObject t && t.getTagClass() == BERTags.CONTEXT_SPECIFIC && t.getTagNo() == 0) {
            byte[] seed = ASN1OctetString.getInstance(t, false).getOctets();
            requireLength(seed, seedLength);
            return seed;
        }
        if (p instanceof ASN1OctetString) {
            throw new Pkcs8Exception(UNSUPPORTED, "an expandedKey-only private key cannot be imported: the seed is needed");
        }
        if (p instanceof ASN1Sequence both && both.size() == 2) {
            byte[] seed = ASN1OctetString.getInstance(both.getObjectAt(0)).getOctets();
            byte[] expanded = ASN1OctetString.getInstance(both.getObjectAt(1)).getOctets();
            requireLength(seed, seedLength);
            byte[] fromSeed = expand.apply(seed);
            try {
                if (!MessageDigest.isEqual(fromSeed, expanded)) {
                    throw new Pkcs8Exception(DECODE, "seed and expandedKey do not agree");
                }
            } finally {
                Arrays.fill(fromSeed, (byte) 0);
                Arrays.fill(expanded, (byte) 0);
            }
            return seed;
        }
        throw new Pkcs8Exception(DECODE, "unknown private key CHOICE");
    }

    private static void requireLength(byte[] seed, int length) throws Pkcs8Exception {
        if (seed.length != length) {
            throw new Pkcs8Exception(DECODE, "seed must be " + length + " bytes");
        }
    }

    private static CoseMap mlDsa(Algorithm alg, byte[] content) {
        MLDSAParameters params = switch (alg) {
            case ML_DSA_44 -> MLDSAParameters.ml_dsa_44;
            case ML_DSA_65 -> MLDSAParameters.ml_dsa_65;
            default -> MLDSAParameters.ml_dsa_87;
        };
        return akp(alg, content, 32, seed -> {
            MLDSAPrivateKeyParameters k = new MLDSAPrivateKeyParameters(params, seed.clone());
            try {
                return new byte[][] {k.getEncoded(), k.getPublicKey()};
            } finally {
                k.destroy();
            }
        });
    }

    private static CoseMap mlKem(Algorithm alg, byte[] content) {
        MLKEMParameters params = switch (alg) {
            case ML_KEM_512 -> MLKEMParameters.ml_kem_512;
            case ML_KEM_768 -> MLKEMParameters.ml_kem_768;
            default -> MLKEMParameters.ml_kem_1024;
        };
        return akp(alg, content, 64, seed -> {
            MLKEMPrivateKeyParameters k = new MLKEMPrivateKeyParameters(params, seed.clone());
            try {
                return new byte[][] {k.getEncoded(), k.getPublicKey()};
            } finally {
                k.destroy();
            }
        });
    }

    /** {@code expand} maps a seed to {expandedKey, publicKey}. */
    private static CoseMap akp(Algorithm alg, byte[] content, int seedLength,
            java.util.function.Function<byte[], byte[][]> expand) {
        try {
            byte[] seed = seedOf(content, seedLength, s -> expand.apply(s)[0]);
            byte[][] derived = expand.apply(seed);
            Arrays.fill(derived[0], (byte) 0);
            return new CoseMap()
                    .put(CoseLabels.KTY, Algorithm.KeyType.AKP.coseValue())
                    .put(CoseLabels.ALG, alg.coseId())
                    .put(CoseLabels.PUB, derived[1])
                    .put(CoseLabels.PRIV, seed);
        } catch (Pkcs8Exception e) {
            throw new WrappedPkcs8(e);
        }
    }

    private static CoseMap slhDsa(Algorithm alg, byte[] content) {
        int n = alg.publicKeyLength() / 2;
        byte[] raw = content;
        if (content.length != 4 * n) {
            // Some encoders wrap the raw key in a further OCTET STRING.
            raw = ASN1OctetString.getInstance(content).getOctets();
        }
        if (raw.length != 4 * n) {
            throw new IllegalArgumentException("SLH-DSA private key must be " + 4 * n + " bytes");
        }
        return new CoseMap()
                .put(CoseLabels.KTY, Algorithm.KeyType.AKP.coseValue())
                .put(CoseLabels.ALG, alg.coseId())
                .put(CoseLabels.PUB, Arrays.copyOfRange(raw, 2 * n, 4 * n))
                .put(CoseLabels.PRIV, raw.clone());
    }

    /** Carries a Pkcs8Exception through the functional helpers above. */
    static final class WrappedPkcs8 extends RuntimeException {
        final Pkcs8Exception cause;

        WrappedPkcs8(Pkcs8Exception cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    private static byte[] fixed(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        if (raw.length > length + 1 || (raw.length == length + 1 && raw[0] != 0)) {
            throw new IllegalArgumentException("integer too large");
        }
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    private static byte[] minimal(BigInteger v) {
        if (v.signum() <= 0) {
            throw new IllegalArgumentException("RSA integers must be positive");
        }
        return fixed(v, (v.bitLength() + 7) / 8);
    }
}
