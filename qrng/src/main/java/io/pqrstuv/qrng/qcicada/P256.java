package io.pqrstuv.qrng.qcicada;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;

/**
 * P-256 keys in the QCicada's raw forms, and ECDSA-SHA256 in IEEE P1363 form ({@code r‖s}) through
 * the JDK's {@code SHA256withECDSAinP1363Format}: no signature code of our own.
 */
public final class P256 {
    public static final String SIGNATURE = "SHA256withECDSAinP1363Format";
    public static final ECParameterSpec PARAMS;

    static {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            PARAMS = p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private P256() {
    }

    /**
     * The key for a raw {@code X‖Y} (64 bytes, big-endian, no {@code 04} prefix), checked to be a
     * point on the curve: a device or a file cannot hand us an invalid-curve point.
     */
    public static ECPublicKey publicKey(byte[] xy) throws InvalidKeyException {
        if (xy.length != 64) {
            throw new InvalidKeyException("P-256 public key must be 64 bytes (X||Y), got " + xy.length);
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(xy, 0, 32));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(xy, 32, 64));
        EllipticCurve c = PARAMS.getCurve();
        BigInteger p = ((java.security.spec.ECFieldFp) c.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new InvalidKeyException("P-256 public key coordinates out of range");
        }
        BigInteger lhs = y.multiply(y).mod(p);
        BigInteger rhs = x.pow(3).add(c.getA().multiply(x)).add(c.getB()).mod(p);
        if (!lhs.equals(rhs)) {
            throw new InvalidKeyException("P-256 public key is not a point on the curve");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("P-256 public key rejected: " + e.getMessage(), e);
        }
    }

    /** The raw {@code X‖Y} of a P-256 public key. */
    public static byte[] raw(ECPublicKey key) throws InvalidKeyException {
        requireP256(key);
        byte[] out = new byte[64];
        put(key.getW().getAffineX(), out, 0);
        put(key.getW().getAffineY(), out, 32);
        return out;
    }

    private static void put(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, off + 32 - len, len);
    }

    /** Refuses keys on any other curve. */
    public static void requireP256(Object key) throws InvalidKeyException {
        if (!(key instanceof ECKey ec) || !sameCurve(ec.getParams())) {
            throw new InvalidKeyException("not a P-256 (secp256r1) key");
        }
    }

    private static boolean sameCurve(ECParameterSpec s) {
        return s != null && s.getOrder().equals(PARAMS.getOrder()) && s.getCurve().equals(PARAMS.getCurve())
                && s.getGenerator().equals(PARAMS.getGenerator());
    }

    /** Verifies a 64-byte {@code r‖s} ECDSA-SHA256 signature; false for any malformed signature. */
    public static boolean verify(PublicKey key, byte[] data, int off, int len, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        try {
            Signature v = Signature.getInstance(SIGNATURE);
            v.initVerify(key);
            v.update(data, off, len);
            return v.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // r or s out of range
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify " + SIGNATURE + ": " + e.getMessage(), e);
        }
    }

    /** Signs with a P-256 private key: 64 bytes {@code r‖s}. */
    public static byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
        requireP256(key);
        Signature s = Signature.getInstance(SIGNATURE);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }
}
