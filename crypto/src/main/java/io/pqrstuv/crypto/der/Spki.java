package io.pqrstuv.crypto.der;

import io.pqrstuv.crypto.Pkcs8Exception;
import io.pqrstuv.crypto.cose.CoseLabels;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** SubjectPublicKeyInfo DER (notes §3.5, D-23) from public COSE_Keys, and JCA keys from SPKI. */
public final class Spki {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Spki() {
    }

    /** SPKI of a validated public COSE_Key map. */
    public static byte[] fromCose(Algorithm alg, CoseMap m) {
        try {
            SubjectPublicKeyInfo info = switch (alg.keyType()) {
                case EC2 -> new SubjectPublicKeyInfo(new AlgorithmIdentifier(Oids.EC_PUBLIC_KEY, Oids.PRIME256V1),
                        uncompressed(m.requireBytes(CoseLabels.X), m.requireBytes(CoseLabels.Y)));
                case OKP -> new SubjectPublicKeyInfo(new AlgorithmIdentifier(Oids.ED25519), m.requireBytes(CoseLabels.X));
                case RSA -> new SubjectPublicKeyInfo(new AlgorithmIdentifier(Oids.RSA_ENCRYPTION, DERNull.INSTANCE),
                        new RSAPublicKey(new BigInteger(1, m.requireBytes(CoseLabels.N)), new BigInteger(1, m.requireBytes(CoseLabels.E))));
                case AKP -> new SubjectPublicKeyInfo(new AlgorithmIdentifier(Oids.ofAkp(alg)), m.requireBytes(CoseLabels.PUB));
            };
            return info.getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] uncompressed(byte[] x, byte[] y) {
        byte[] out = new byte[1 + x.length + y.length];
        out[0] = 0x04;
        System.arraycopy(x, 0, out, 1, x.length);
        System.arraycopy(y, 0, out, 1 + x.length, y.length);
        return out;
    }

    /** A JCA public key for SPKI DER: the JDK where it knows the algorithm, BC for SLH-DSA. */
    public static PublicKey toPublicKey(byte[] spki) throws Pkcs8Exception {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(spki));
            if (info == null) {
                throw new IOException("empty");
            }
        } catch (IOException | RuntimeException e) {
            throw new Pkcs8Exception(Pkcs8Exception.Reason.DECODE, "not a DER SubjectPublicKeyInfo");
        }
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        try {
            X509EncodedKeySpec spec = new X509EncodedKeySpec(spki);
            if (oid.equals(Oids.EC_PUBLIC_KEY)) {
                return KeyFactory.getInstance("EC").generatePublic(spec);
            }
            if (oid.equals(Oids.ED25519)) {
                return KeyFactory.getInstance("Ed25519").generatePublic(spec);
            }
            if (oid.equals(Oids.RSA_ENCRYPTION)) {
                return KeyFactory.getInstance("RSA").generatePublic(spec);
            }
            if (oid.equals(Oids.RSASSA_PSS) || oid.equals(Oids.RSAES_OAEP)) {
                // The usage OIDs carry the same RSAPublicKey; re-label as rsaEncryption for the JDK.
                byte[] plain = new SubjectPublicKeyInfo(new AlgorithmIdentifier(Oids.RSA_ENCRYPTION, DERNull.INSTANCE),
                        info.getPublicKeyData().getOctets()).getEncoded("DER");
                return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(plain));
            }
            Algorithm alg = Oids.akpAlgorithm(oid).orElseThrow(
                    () -> new Pkcs8Exception(Pkcs8Exception.Reason.UNSUPPORTED, "unsupported key algorithm " + oid));
            return switch (alg.family()) {
                case ML_DSA -> KeyFactory.getInstance("ML-DSA").generatePublic(spec);
                case ML_KEM -> KeyFactory.getInstance("ML-KEM").generatePublic(spec);
                default -> KeyFactory.getInstance("SLH-DSA", BC).generatePublic(spec);
            };
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new Pkcs8Exception(Pkcs8Exception.Reason.DECODE, "SubjectPublicKeyInfo does not hold a valid " + oid + " key");
        }
    }
}
