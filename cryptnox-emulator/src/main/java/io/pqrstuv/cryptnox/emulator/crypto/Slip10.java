package io.pqrstuv.cryptnox.emulator.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * BIP32 / SLIP-10 private derivation for secp256k1 and secp256r1, with both SLIP-10 retry rules:
 * a master whose I<sub>L</sub> is 0 or ≥ n is re-hashed (I := HMAC(seed key, I)); a child whose
 * I<sub>L</sub> ≥ n or whose key is 0 is retried with HMAC(c<sub>par</sub>, 01 ‖ I<sub>R</sub> ‖
 * ser32(i)). For secp256k1 the retry never happens in practice, and SLIP-10 is then BIP32.
 */
public final class Slip10 {
    /** Hardened indexes have this bit set. */
    public static final int HARDENED = 0x80000000;
    /** The card refuses deeper paths (DERIVE KEY → 6A80). */
    public static final int MAX_DEPTH = 8;

    private Slip10() {
    }

    /** The master node of a seed (16–64 bytes for LOAD KEY, any length here). */
    public static ExtendedKey master(Curve curve, byte[] seed) {
        byte[] key = curve.seedKey();
        byte[] i = hmac(key, seed);
        try {
            while (true) {
                byte[] il = Arrays.copyOfRange(i, 0, 32);
                if (curve.isValidScalar(il)) {
                    byte[] ir = Arrays.copyOfRange(i, 32, 64);
                    return new ExtendedKey(curve, il, ir, 0, 0, null);
                }
                Arrays.fill(il, (byte) 0);
                byte[] next = hmac(key, i);
                Arrays.fill(i, (byte) 0);
                i = next;
            }
        } finally {
            Arrays.fill(i, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The child at {@code index} (hardened when the top bit is set). */
    public static ExtendedKey child(ExtendedKey parent, int index) {
        if (!parent.hasChainCode()) {
            throw new IllegalStateException("a key without chain code cannot be derived");
        }
        Curve curve = parent.curve();
        byte[] kpar = parent.privateKey();
        byte[] cpar = parent.chainCode();
        byte[] parentPub = curve.compressedPublicKey(kpar);
        byte[] data = new byte[37];
        if ((index & HARDENED) != 0) {
            System.arraycopy(kpar, 0, data, 1, 32);
        } else {
            System.arraycopy(parentPub, 0, data, 0, 33);
        }
        putInt(data, 33, index);
        byte[] i = hmac(cpar, data);
        try {
            BigInteger n = curve.order();
            BigInteger parentScalar = new BigInteger(1, kpar);
            while (true) {
                BigInteger il = new BigInteger(1, Arrays.copyOfRange(i, 0, 32));
                BigInteger k = il.add(parentScalar).mod(n);
                if (il.compareTo(n) < 0 && k.signum() != 0) {
                    return new ExtendedKey(curve, Curve.scalarBytes(k), Arrays.copyOfRange(i, 32, 64),
                            parent.depth() + 1, index, parentPub);
                }
                data[0] = 0x01;
                System.arraycopy(i, 32, data, 1, 32);
                putInt(data, 33, index);
                byte[] next = hmac(cpar, data);
                Arrays.fill(i, (byte) 0);
                i = next;
            }
        } finally {
            Arrays.fill(i, (byte) 0);
            Arrays.fill(data, (byte) 0);
            Arrays.fill(kpar, (byte) 0);
            Arrays.fill(cpar, (byte) 0);
        }
    }

    /** Derives along a path from {@code from}; the intermediate nodes are wiped. */
    public static ExtendedKey derive(ExtendedKey from, int[] path) {
        ExtendedKey node = from;
        for (int index : path) {
            ExtendedKey next = child(node, index);
            if (node != from) {
                node.wipe();
            }
            node = next;
        }
        return node == from ? from.copy() : node;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA512 unavailable", e);
        }
    }
}
