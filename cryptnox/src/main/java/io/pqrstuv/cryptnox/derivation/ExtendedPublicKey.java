package io.pqrstuv.cryptnox.derivation;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A BIP32 extended public key: depth, parent fingerprint, child number, chain code and the
 * compressed public key. {@link #fromCard} reads the card's GET PUBKEY P2=02 reply (106 bytes,
 * with the parent's SHA-256 where BIP32 has a 4-byte fingerprint); {@link #toBase58()} writes the
 * usual {@code xpub…} string.
 */
public record ExtendedPublicKey(KeyType type, int depth, int parentFingerprint, int childNumber, byte[] chainCode,
        byte[] publicKey) {
    /** Mainnet public version bytes ("xpub"); the card sends these too. */
    public static final int XPUB = 0x0488B21E;

    public ExtendedPublicKey {
        if (chainCode.length != 32 || publicKey.length != 33 || (publicKey[0] != 2 && publicKey[0] != 3)) {
            throw new IllegalArgumentException("an extended public key has a 32-byte chain code and a 33-byte compressed key");
        }
        if (depth < 0 || depth > 255) {
            throw new IllegalArgumentException("depth out of range: " + depth);
        }
        chainCode = chainCode.clone();
        publicKey = publicKey.clone();
    }

    /** Parses the card's 106-byte reply: version ‖ depth ‖ SHA-256 of parent key ‖ child ‖ chain ‖ key. */
    public static ExtendedPublicKey fromCard(KeyType type, byte[] r) {
        if (r.length != 106) {
            throw new IllegalArgumentException("an extended public key reply has 106 bytes, not " + r.length);
        }
        int depth = r[4] & 0xFF;
        byte[] parentHash = Arrays.copyOfRange(r, 5, 37);
        boolean zero = true;
        for (byte b : parentHash) {
            zero &= b == 0;
        }
        int fp = zero ? 0 : Bip32.ripemdPrefix(parentHash);
        int child = ((r[37] & 0xFF) << 24) | ((r[38] & 0xFF) << 16) | ((r[39] & 0xFF) << 8) | (r[40] & 0xFF);
        return new ExtendedPublicKey(type, depth, fp, child, Arrays.copyOfRange(r, 41, 73), Arrays.copyOfRange(r, 73, 106));
    }

    @Override
    public byte[] chainCode() {
        return chainCode.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Public child {@code index} (non-hardened). */
    public ExtendedPublicKey child(int index) {
        return Bip32.child(this, index);
    }

    /** The 78-byte serialisation with {@link #XPUB} version, in Base58Check. */
    public String toBase58() {
        ByteArrayOutputStream b = new ByteArrayOutputStream(82);
        writeInt(b, XPUB);
        b.write(depth);
        writeInt(b, parentFingerprint);
        writeInt(b, childNumber);
        b.writeBytes(chainCode);
        b.writeBytes(publicKey);
        byte[] payload = b.toByteArray();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] check = sha.digest(sha.digest(payload));
            byte[] all = Arrays.copyOf(payload, 82);
            System.arraycopy(check, 0, all, 78, 4);
            return Base58.encode(all);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeInt(ByteArrayOutputStream b, int v) {
        b.write(v >>> 24);
        b.write(v >>> 16);
        b.write(v >>> 8);
        b.write(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedPublicKey k && k.type == type && k.depth == depth
                && k.parentFingerprint == parentFingerprint && k.childNumber == childNumber
                && Arrays.equals(k.chainCode, chainCode) && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return type == KeyType.K1 ? toBase58() : "ExtendedPublicKey[" + type + ", depth " + depth + "]";
    }
}
