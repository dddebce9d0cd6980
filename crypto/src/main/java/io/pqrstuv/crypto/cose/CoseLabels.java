package io.pqrstuv.crypto.cose;

/** COSE_Key labels and values used by the profile (RFC 9052/9053, RFC 8230, RFC 9964). */
public final class CoseLabels {
    public static final int KTY = 1;
    public static final int KID = 2;
    public static final int ALG = 3;

    /** EC2/OKP. */
    public static final int CRV = -1;
    public static final int X = -2;
    public static final int Y = -3;
    public static final int D = -4;

    /** RSA (RFC 8230 §4). */
    public static final int N = -1;
    public static final int E = -2;
    public static final int RSA_D = -3;
    public static final int P = -4;
    public static final int Q = -5;
    public static final int DP = -6;
    public static final int DQ = -7;
    public static final int QINV = -8;

    /** AKP (RFC 9964). */
    public static final int PUB = -1;
    public static final int PRIV = -2;

    public static final int CRV_P256 = 1;
    public static final int CRV_ED25519 = 6;

    private CoseLabels() {
    }
}
