package io.pqrstuv.qrng.emulator.attest;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;

/** P-256 helpers: raw X‖Y of a public key, and the range check of an r‖s signature. */
public final class P256 {
    /** The order n of the P-256 base point. */
    public static final BigInteger ORDER = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private P256() {
    }

    /** X‖Y, each 32 bytes big-endian (GET_DEV_PUB_KEY's form: the uncompressed point without 04). */
    public static byte[] rawPublicKey(ECPublicKey key) {
        ECPoint w = key.getW();
        byte[] out = new byte[64];
        copy32(w.getAffineX(), out, 0);
        copy32(w.getAffineY(), out, 32);
        return out;
    }

    private static void copy32(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, at + 32 - n, n);
    }

    /** Whether r and s of a 64-byte P1363 signature both lie in [1, n-1]. */
    public static boolean wellFormedSignature(byte[] rs) {
        if (rs.length != 64) {
            return false;
        }
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64));
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(ORDER) < 0 && s.compareTo(ORDER) < 0;
    }
}
