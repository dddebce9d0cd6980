package io.pqrstuv.crypto.engine;

import static io.pqrstuv.crypto.cose.CoseLabels.ALG;
import static io.pqrstuv.crypto.cose.CoseLabels.CRV;
import static io.pqrstuv.crypto.cose.CoseLabels.CRV_P256;
import static io.pqrstuv.crypto.cose.CoseLabels.D;
import static io.pqrstuv.crypto.cose.CoseLabels.KTY;
import static io.pqrstuv.crypto.cose.CoseLabels.X;
import static io.pqrstuv.crypto.cose.CoseLabels.Y;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.der.JdkPkcs8;
import io.pqrstuv.crypto.der.OwnedPkcs8KeySpec;
import io.pqrstuv.icp.alg.Algorithm;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ES256 per D-30: ECDSA P-256 on the SHA3-256 digest taken as the hash value, raw r‖s. JDK for
 * keygen and signing; BC point arithmetic for the IMPORT checks (on curve, x‖y = d·G).
 */
final class EcdsaEngine implements FamilyEngine {
    static final int FIELD_LENGTH = 32;
    static final ECParameterSpec P256 = p256();
    private static final X9ECParameters BC_P256 = ECNamedCurveTable.getByName("P-256");

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public CoseMap generate(Algorithm algorithm, SecureRandom random) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            // The JDK default curve is P-384: always name the curve.
            kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = kpg.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            return new CoseMap()
                    .put(KTY, Algorithm.KeyType.EC2.coseValue())
                    .put(ALG, algorithm.coseId())
                    .put(CRV, CRV_P256)
                    .put(X, Bytes.fixed(pub.getW().getAffineX(), FIELD_LENGTH))
                    .put(Y, Bytes.fixed(pub.getW().getAffineY(), FIELD_LENGTH))
                    .put(D, Bytes.fixed(((ECPrivateKey) pair.getPrivate()).getS(), FIELD_LENGTH));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 key generation failed", e);
        }
    }

    @Override
    public void check(Algorithm algorithm, CoseMap key) throws CoseKeyException {
        if (key.integer(CRV).orElseThrow() != CRV_P256) {
            throw FamilyEngine.mismatch("ES256 needs crv P-256 (1)");
        }
        byte[] x = key.requireBytes(X);
        byte[] y = key.requireBytes(Y);
        byte[] d = key.requireBytes(D);
        if (x.length != FIELD_LENGTH || y.length != FIELD_LENGTH || d.length != FIELD_LENGTH) {
            throw FamilyEngine.mismatch("P-256 x, y and d must be 32 bytes each");
        }
        ECPoint given;
        try {
            given = BC_P256.getCurve().validatePoint(Bytes.unsigned(x), Bytes.unsigned(y));
        } catch (IllegalArgumentException e) {
            throw FamilyEngine.mismatch("P-256 point is not on the curve");
        }
        BigInteger s = Bytes.unsigned(d);
        if (s.signum() == 0 || s.compareTo(BC_P256.getN()) >= 0) {
            throw FamilyEngine.mismatch("P-256 d is out of range");
        }
        ECPoint derived = BC_P256.getG().multiply(s).normalize();
        if (!derived.equals(given)) {
            throw FamilyEngine.mismatch("P-256 public point does not match d");
        }
    }

    /**
     * One JDK key object per signature, built from PKCS#8 octets in a spec we wipe: the JDK key then
     * holds d twice (its DER and a little-endian copy) and cannot be destroyed; no {@code BigInteger}
     * of d is made (docs/security.md, "What stays in memory").
     */
    @Override
    public byte[] sign(Algorithm algorithm, CoseMap key, byte[] digest, SecureRandom random) {
        OwnedPkcs8KeySpec spec = new OwnedPkcs8KeySpec(JdkPkcs8.p256(key.requireBytes(D)));
        try {
            PrivateKey privateKey = Jca.keyFactory("EC").generatePrivate(spec);
            Signature s = Jca.signature("NONEwithECDSAinP1363Format");
            s.initSign(privateKey, random);
            s.update(digest);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing failed", e);
        } finally {
            spec.destroy();
        }
    }
}
