package io.pqrstuv.cryptnox.emulator.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Checks the card's ECDSA signatures with code independent of the emulator's signer: its own DER
 * parser and low-S check; for P-256 the JDK's SunEC ({@code NONEwithECDSA}); for secp256k1 (which
 * the JDK no longer has) the textbook verification equation on Bouncy Castle points.
 */
public final class SignatureCheck {
    private SignatureCheck() {
    }

    /** r and s of a strict DER SEQUENCE { INTEGER r, INTEGER s }. */
    public static BigInteger[] parseDer(byte[] der) {
        if (der.length < 8 || der[0] != 0x30 || (der[1] & 0xFF) != der.length - 2) {
            throw new IllegalArgumentException("not a DER sequence");
        }
        int i = 2;
        BigInteger[] rs = new BigInteger[2];
        for (int k = 0; k < 2; k++) {
            if (der[i] != 0x02) {
                throw new IllegalArgumentException("not an INTEGER");
            }
            int len = der[i + 1];
            byte[] v = Arrays.copyOfRange(der, i + 2, i + 2 + len);
            if (v.length > 1 && v[0] == 0 && v[1] >= 0) {
                throw new IllegalArgumentException("non-minimal INTEGER");
            }
            if (v[0] < 0) {
                throw new IllegalArgumentException("negative INTEGER");
            }
            rs[k] = new BigInteger(1, v);
            i += 2 + len;
        }
        if (i != der.length) {
            throw new IllegalArgumentException("trailing bytes");
        }
        return rs;
    }

    public static boolean isLowS(String curve, byte[] der) {
        BigInteger n = CustomNamedCurves.getByName(curve).getN();
        return parseDer(der)[1].compareTo(n.shiftRight(1)) <= 0;
    }

    /** Verifies a signature over a 32-byte hash; {@code curve} is secp256k1 or secp256r1. */
    public static boolean verify(String curve, byte[] publicKey, byte[] hash, byte[] der) {
        if (curve.equals("secp256r1")) {
            try {
                Signature v = Signature.getInstance("NONEwithECDSA");
                v.initVerify(HostCard.p256PublicKey(publicKey));
                v.update(hash);
                return v.verify(der);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
        X9ECParameters x9 = CustomNamedCurves.getByName(curve);
        BigInteger n = x9.getN();
        BigInteger[] rs = parseDer(der);
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        if (r.signum() <= 0 || r.compareTo(n) >= 0 || s.signum() <= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger e = new BigInteger(1, hash);
        BigInteger w = s.modInverse(n);
        ECPoint q = x9.getCurve().decodePoint(publicKey);
        ECPoint p = x9.getG().multiply(e.multiply(w).mod(n)).add(q.multiply(r.multiply(w).mod(n))).normalize();
        return !p.isInfinity() && p.getAffineXCoord().toBigInteger().mod(n).equals(r);
    }

    /** 33-byte compressed form of a 65-byte point. */
    public static byte[] compress(byte[] uncompressed) {
        byte[] c = Arrays.copyOfRange(uncompressed, 0, 33);
        c[0] = (byte) ((uncompressed[64] & 1) == 0 ? 0x02 : 0x03);
        return c;
    }
}
