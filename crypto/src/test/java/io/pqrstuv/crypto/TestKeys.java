package io.pqrstuv.crypto;

import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.icp.alg.Algorithm;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Test-side construction of JCA public keys straight from COSE bytes, with the CBOR library and
 * hand-built SPKI: independent of the code under test.
 */
public final class TestKeys {
    public static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private TestKeys() {
    }

    public static CBORObject cbor(byte[] cose) {
        return CBORObject.DecodeFromBytes(cose);
    }

    public static byte[] bstr(CBORObject map, int label) {
        return map.get(CBORObject.FromObject(label)).GetByteString();
    }

    public static PublicKey publicKey(Algorithm alg, byte[] cosePublic) throws Exception {
        CBORObject m = cbor(cosePublic);
        return switch (alg.keyType()) {
            case EC2 -> {
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec("secp256r1"));
                ECPoint w = new ECPoint(new BigInteger(1, bstr(m, -2)), new BigInteger(1, bstr(m, -3)));
                yield KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p.getParameterSpec(ECParameterSpec.class)));
            }
            case OKP -> KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    concat(HexFormat.of().parseHex("302a300506032b6570032100"), bstr(m, -2))));
            case RSA -> KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(new BigInteger(1, bstr(m, -1)), new BigInteger(1, bstr(m, -2))));
            case AKP -> akp(alg, bstr(m, -1));
        };
    }

    /** OIDs of notes §3.5, written out here rather than taken from the code under test. */
    public static String oid(Algorithm alg) {
        return switch (alg) {
            case ML_DSA_44 -> "2.16.840.1.101.3.4.3.17";
            case ML_DSA_65 -> "2.16.840.1.101.3.4.3.18";
            case ML_DSA_87 -> "2.16.840.1.101.3.4.3.19";
            case SLH_DSA_SHA2_128S -> "2.16.840.1.101.3.4.3.20";
            case SLH_DSA_SHA2_128F -> "2.16.840.1.101.3.4.3.21";
            case SLH_DSA_SHA2_192S -> "2.16.840.1.101.3.4.3.22";
            case SLH_DSA_SHA2_192F -> "2.16.840.1.101.3.4.3.23";
            case SLH_DSA_SHA2_256S -> "2.16.840.1.101.3.4.3.24";
            case SLH_DSA_SHA2_256F -> "2.16.840.1.101.3.4.3.25";
            case SLH_DSA_SHAKE_128S -> "2.16.840.1.101.3.4.3.26";
            case SLH_DSA_SHAKE_128F -> "2.16.840.1.101.3.4.3.27";
            case SLH_DSA_SHAKE_192S -> "2.16.840.1.101.3.4.3.28";
            case SLH_DSA_SHAKE_192F -> "2.16.840.1.101.3.4.3.29";
            case SLH_DSA_SHAKE_256S -> "2.16.840.1.101.3.4.3.30";
            case SLH_DSA_SHAKE_256F -> "2.16.840.1.101.3.4.3.31";
            case ML_KEM_512 -> "2.16.840.1.101.3.4.4.1";
            case ML_KEM_768 -> "2.16.840.1.101.3.4.4.2";
            case ML_KEM_1024 -> "2.16.840.1.101.3.4.4.3";
            default -> throw new IllegalArgumentException(alg.toString());
        };
    }

    public static byte[] akpSpki(Algorithm alg, byte[] pub) throws Exception {
        return new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(new org.bouncycastle.asn1.ASN1ObjectIdentifier(oid(alg))), pub)
                .getEncoded();
    }

    private static PublicKey akp(Algorithm alg, byte[] pub) throws Exception {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(akpSpki(alg, pub));
        return switch (alg.family()) {
            case ML_DSA -> KeyFactory.getInstance("ML-DSA").generatePublic(spec);
            case ML_KEM -> KeyFactory.getInstance("ML-KEM").generatePublic(spec);
            default -> KeyFactory.getInstance("SLH-DSA", BC).generatePublic(spec);
        };
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
