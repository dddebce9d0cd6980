package io.pqrstuv.cryptnox.derivation;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;

/**
 * BIP32 (secp256k1) and SLIP-10 (P-256) key derivation on Bouncy Castle's curve classes, the same
 * trees the card derives from its seed. The host needs the public half (addresses under an extended
 * public key without the card); the private half exists to check the card against the published
 * vectors and for hosts that hold a seed themselves. When an intermediate value is not a valid key
 * (probability about 2^-127 for either curve) SLIP-10's rule applies: derive again from
 * {@code 01 ‖ I_R ‖ index}; for the master key, HMAC again over {@code I}.
 */
public final class Bip32 {
    private Bip32() {
    }

    /** A private node: 32-byte key and chain code; {@link #destroy()} wipes both. */
    public static final class PrivateNode {
        private final KeyType type;
        private final byte[] key;
        private final byte[] chainCode;
        private final int depth;
        private final int parentFingerprint;
        private final int childNumber;

        PrivateNode(KeyType type, byte[] key, byte[] chainCode, int depth, int parentFingerprint, int childNumber) {
            this.type = type;
            this.key = key;
            this.chainCode = chainCode;
            this.depth = depth;
            this.parentFingerprint = parentFingerprint;
            this.childNumber = childNumber;
        }

        public KeyType type() {
            return type;
        }

        /** A copy of the 32-byte private scalar; the caller wipes it. */
        public byte[] privateKey() {
            return key.clone();
        }

        public ExtendedPublicKey publicNode() {
            return new ExtendedPublicKey(type, depth, parentFingerprint, childNumber, chainCode.clone(), publicKeyOf(type, key));
        }

        public void destroy() {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(chainCode, (byte) 0);
        }

        @Override
        public String toString() {
            return "PrivateNode[" + type + ", depth " + depth + "]";
        }
    }

    /** The master node of {@code type}'s tree for a BIP39 binary seed (16–64 bytes). */
    public static PrivateNode master(KeyType type, byte[] seed) {
        if (seed.length < 16 || seed.length > 64) {
            throw new IllegalArgumentException("a seed has 16 to 64 bytes, not " + seed.length);
        }
        byte[] i = hmac(type.hmacKey(), seed);
        while (!validScalar(type, Arrays.copyOf(i, 32))) {
            byte[] next = hmac(type.hmacKey(), i);
            Arrays.fill(i, (byte) 0);
            i = next;
        }
        PrivateNode n = new PrivateNode(type, Arrays.copyOf(i, 32), Arrays.copyOfRange(i, 32, 64), 0, 0, 0);
        Arrays.fill(i, (byte) 0);
        return n;
    }

    /** Private child {@code index} (bit 31 set = hardened). */
    public static PrivateNode child(PrivateNode parent, int index) {
        KeyType t = parent.type;
        BigInteger n = t.order();
        byte[] data = new byte[37];
        if ((index & DerivationPath.HARDENED) != 0) {
            System.arraycopy(parent.key, 0, data, 1, 32);
        } else {
            System.arraycopy(publicKeyOf(t, parent.key), 0, data, 0, 33);
        }
        putInt(data, 33, index);
        byte[] i = hmac(parent.chainCode, data);
        BigInteger k = new BigInteger(1, parent.key);
        while (true) {
            BigInteger il = new BigInteger(1, Arrays.copyOf(i, 32));
            BigInteger ki = il.add(k).mod(n);
            if (il.compareTo(n) < 0 && ki.signum() != 0) {
                byte[] key = unsigned32(ki);
                PrivateNode c = new PrivateNode(t, key, Arrays.copyOfRange(i, 32, 64), parent.depth + 1,
                        fingerprint(publicKeyOf(t, parent.key)), index);
                Arrays.fill(i, (byte) 0);
                Arrays.fill(data, (byte) 0);
                return c;
            }
            data[0] = 1;
            System.arraycopy(i, 32, data, 1, 32);
            i = hmac(parent.chainCode, data);
        }
    }

    /** The node at {@code path} (which must start at the master key). */
    public static PrivateNode derive(PrivateNode master, DerivationPath path) {
        if (path.source() != DerivationPath.Source.MASTER) {
            throw new IllegalArgumentException("a host-side derivation starts at the master key (m/…)");
        }
        PrivateNode n = master;
        for (int index : path.indexes()) {
            PrivateNode c = child(n, index);
            if (n != master) {
                n.destroy();
            }
            n = c;
        }
        return n;
    }

    /** Public child {@code index} of a public node (non-hardened only). */
    public static ExtendedPublicKey child(ExtendedPublicKey parent, int index) {
        if ((index & DerivationPath.HARDENED) != 0) {
            throw new IllegalArgumentException("a hardened child cannot be derived from a public key");
        }
        KeyType t = parent.type();
        ECPoint k = t.curve().getCurve().decodePoint(parent.publicKey());
        byte[] data = new byte[37];
        System.arraycopy(parent.publicKey(), 0, data, 0, 33);
        putInt(data, 33, index);
        byte[] i = hmac(parent.chainCode(), data);
        while (true) {
            BigInteger il = new BigInteger(1, Arrays.copyOf(i, 32));
            if (il.compareTo(t.order()) < 0) {
                ECPoint ki = t.curve().getG().multiply(il).add(k).normalize();
                if (!ki.isInfinity()) {
                    return new ExtendedPublicKey(t, parent.depth() + 1, fingerprint(parent.publicKey()), index,
                            Arrays.copyOfRange(i, 32, 64), ki.getEncoded(true));
                }
            }
            data[0] = 1;
            System.arraycopy(i, 32, data, 1, 32);
            i = hmac(parent.chainCode(), data);
        }
    }

    /** BIP32 key identifier prefix: the first 4 bytes of RIPEMD-160(SHA-256(compressed key)). */
    public static int fingerprint(byte[] compressedPublicKey) {
        byte[] sha = new byte[32];
        SHA256Digest d = new SHA256Digest();
        d.update(compressedPublicKey, 0, compressedPublicKey.length);
        d.doFinal(sha, 0);
        return ripemdPrefix(sha);
    }

    /** The first 4 bytes of RIPEMD-160 of {@code sha256} (the card sends SHA-256 of the parent key). */
    static int ripemdPrefix(byte[] sha256) {
        byte[] r = new byte[20];
        RIPEMD160Digest d = new RIPEMD160Digest();
        d.update(sha256, 0, sha256.length);
        d.doFinal(r, 0);
        return ((r[0] & 0xFF) << 24) | ((r[1] & 0xFF) << 16) | ((r[2] & 0xFF) << 8) | (r[3] & 0xFF);
    }

    static byte[] publicKeyOf(KeyType t, byte[] priv) {
        return t.curve().getG().multiply(new BigInteger(1, priv)).normalize().getEncoded(true);
    }

    private static boolean validScalar(KeyType t, byte[] il) {
        BigInteger v = new BigInteger(1, il);
        Arrays.fill(il, (byte) 0);
        return v.signum() != 0 && v.compareTo(t.order()) < 0;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA512Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[64];
        mac.doFinal(out, 0);
        mac.reset();
        return out;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static byte[] unsigned32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        Arrays.fill(b, (byte) 0);
        return out;
    }
}
