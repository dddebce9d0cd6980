package io.pqrstuv.cryptnox.channel;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * The P-256 operations of the session set-up, on the JDK's providers: point decoding (checked on the
 * curve with Bouncy Castle's curve before the JDK sees it), key generation and ECDH.
 */
public final class P256 {
    private static final X9ECParameters BC_CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECParameterSpec PARAMS;

    static {
        try {
            java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            PARAMS = p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private P256() {
    }

    public static ECParameterSpec params() {
        return PARAMS;
    }

    /** A public key from a 65-byte uncompressed point; throws when it is not a point of P-256. */
    public static ECPublicKey publicKey(byte[] uncompressed) throws GeneralSecurityException {
        if (uncompressed.length != 65 || uncompressed[0] != 0x04) {
            throw new GeneralSecurityException("not an uncompressed P-256 point (" + uncompressed.length + " bytes)");
        }
        org.bouncycastle.math.ec.ECPoint q;
        try {
            q = BC_CURVE.getCurve().decodePoint(uncompressed).normalize();
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a point of P-256", e);
        }
        if (q.isInfinity() || !q.isValid()) {
            throw new GeneralSecurityException("not a valid point of P-256");
        }
        ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, PARAMS));
    }

    /** The 65-byte uncompressed encoding {@code 04 ‖ X ‖ Y}. */
    public static byte[] encode(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        put(key.getW().getAffineX(), out, 1);
        put(key.getW().getAffineY(), out, 33);
        return out;
    }

    public static KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    /** The raw 32-byte shared X coordinate; the caller wipes it. */
    public static byte[] ecdh(PrivateKey mine, ECPublicKey theirs) throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(mine);
        ka.doPhase(theirs, true);
        return ka.generateSecret();
    }

    private static void put(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, off + 32 - n, n);
    }
}
