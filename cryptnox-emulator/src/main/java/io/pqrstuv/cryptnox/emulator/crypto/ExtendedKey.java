package io.pqrstuv.cryptnox.emulator.crypto;

import java.util.Arrays;

/**
 * A node of a BIP32 / SLIP-10 tree: private key and chain code, with what an extended public key
 * needs (depth, child number, the parent's compressed public key). Holds secrets: {@link #wipe()}
 * it when done.
 */
public final class ExtendedKey {
    private final Curve curve;
    private final byte[] privateKey;
    private final byte[] chainCode;
    private final int depth;
    private final int childNumber;
    private final byte[] parentPublicKey;

    ExtendedKey(Curve curve, byte[] privateKey, byte[] chainCode, int depth, int childNumber, byte[] parentPublicKey) {
        this.curve = curve;
        this.privateKey = privateKey;
        this.chainCode = chainCode;
        this.depth = depth;
        this.childNumber = childNumber;
        this.parentPublicKey = parentPublicKey;
    }

    /** A master node from its stored parts (copied). */
    public static ExtendedKey master(Curve curve, byte[] privateKey, byte[] chainCode) {
        return new ExtendedKey(curve, privateKey.clone(), chainCode == null ? null : chainCode.clone(), 0, 0, null);
    }

    /** An independent copy (the caller wipes both). */
    public ExtendedKey copy() {
        return new ExtendedKey(curve, privateKey.clone(), chainCode == null ? null : chainCode.clone(), depth,
                childNumber, parentPublicKey == null ? null : parentPublicKey.clone());
    }

    public Curve curve() {
        return curve;
    }

    /** A copy of the private key. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** A copy of the chain code, or null for a bare key pair (key source 'K'). */
    public byte[] chainCode() {
        return chainCode == null ? null : chainCode.clone();
    }

    public boolean hasChainCode() {
        return chainCode != null;
    }

    public int depth() {
        return depth;
    }

    public int childNumber() {
        return childNumber;
    }

    /** The parent's compressed public key, or null for the master. */
    public byte[] parentPublicKey() {
        return parentPublicKey == null ? null : parentPublicKey.clone();
    }

    public byte[] publicKey() {
        return curve.publicKey(privateKey);
    }

    public byte[] compressedPublicKey() {
        return curve.compressedPublicKey(privateKey);
    }

    /** Signs a 32-byte hash with this node's key. */
    public byte[] sign(byte[] hash, EcdsaSigner signer, boolean eosCanonical) {
        return signer.sign(curve, privateKey, hash, eosCanonical);
    }

    public void wipe() {
        Arrays.fill(privateKey, (byte) 0);
        if (chainCode != null) {
            Arrays.fill(chainCode, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "ExtendedKey[" + curve + ", depth " + depth + "]";
    }
}
