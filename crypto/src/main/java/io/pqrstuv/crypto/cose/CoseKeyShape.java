package io.pqrstuv.crypto.cose;

import static io.pqrstuv.crypto.cose.CoseLabels.ALG;
import static io.pqrstuv.crypto.cose.CoseLabels.KID;
import static io.pqrstuv.crypto.cose.CoseLabels.KTY;

import io.pqrstuv.icp.alg.Algorithm;
import java.util.Arrays;

/**
 * The labels of each COSE key type as the profile uses them (notes §3.4): which are public, which
 * private, and which hold integers rather than byte strings.
 */
public enum CoseKeyShape {
    EC2(Algorithm.KeyType.EC2, new int[] {-1, -2, -3}, new int[] {-4}, new int[] {-1}),
    OKP(Algorithm.KeyType.OKP, new int[] {-1, -2}, new int[] {-4}, new int[] {-1}),
    RSA(Algorithm.KeyType.RSA, new int[] {-1, -2}, new int[] {-3, -4, -5, -6, -7, -8}, new int[] {}),
    AKP(Algorithm.KeyType.AKP, new int[] {-1}, new int[] {-2}, new int[] {});

    private final Algorithm.KeyType keyType;
    private final int[] publicLabels;
    private final int[] privateLabels;
    private final int[] integerLabels;

    CoseKeyShape(Algorithm.KeyType keyType, int[] publicLabels, int[] privateLabels, int[] integerLabels) {
        this.keyType = keyType;
        this.publicLabels = publicLabels;
        this.privateLabels = privateLabels;
        this.integerLabels = integerLabels;
    }

    public static CoseKeyShape of(Algorithm.KeyType keyType) {
        for (CoseKeyShape s : values()) {
            if (s.keyType == keyType) {
                return s;
            }
        }
        throw new IllegalArgumentException("no shape for " + keyType);
    }

    public int ktyValue() {
        return keyType.coseValue();
    }

    /** kty, alg and the public key-type labels. */
    public int[] publicKeyLabels() {
        int[] out = Arrays.copyOf(new int[] {KTY, ALG}, 2 + publicLabels.length);
        System.arraycopy(publicLabels, 0, out, 2, publicLabels.length);
        return out;
    }

    /** Every label of the private form. */
    public int[] privateKeyLabels() {
        int[] pub = publicKeyLabels();
        int[] out = Arrays.copyOf(pub, pub.length + privateLabels.length);
        System.arraycopy(privateLabels, 0, out, pub.length, privateLabels.length);
        return out;
    }

    /** Whether {@code label} may appear in an imported private key of this shape (kid is tolerated and dropped). */
    public boolean allows(int label) {
        return label == KID || contains(privateKeyLabels(), label);
    }

    public boolean isIntegerLabel(int label) {
        return label == KTY || label == ALG || contains(integerLabels, label);
    }

    private static boolean contains(int[] labels, int label) {
        for (int l : labels) {
            if (l == label) {
                return true;
            }
        }
        return false;
    }
}
