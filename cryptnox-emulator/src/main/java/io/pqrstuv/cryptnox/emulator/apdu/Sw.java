package io.pqrstuv.cryptnox.emulator.apdu;

/** The status words the Cryptnox applet answers (notes §1.4, applet status_codes reference). */
public final class Sw {
    public static final int OK = 0x9000;
    /** Authentication failure; the low nibble is the number of tries left. */
    public static final int WRONG_CODE_BASE = 0x63C0;
    /** Wrong current PUK in CHANGE PUK. */
    public static final int WRONG_PUK_CHANGE = 0x9840;
    public static final int WRONG_LENGTH = 0x6700;
    /** MAC failure: the secure channel is aborted; always sent plain. */
    public static final int SECURITY_STATUS = 0x6982;
    public static final int PATH_NOT_ALLOWED = 0x6983;
    public static final int INVALID_DATA = 0x6984;
    public static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    public static final int COMMAND_NOT_ALLOWED = 0x6986;
    public static final int WRONG_DATA = 0x6A80;
    public static final int FILE_NOT_FOUND = 0x6A82;
    public static final int INCORRECT_P1P2 = 0x6A86;
    public static final int DATA_NOT_FOUND = 0x6A88;
    public static final int WRONG_P1P2 = 0x6B00;
    public static final int INS_NOT_SUPPORTED = 0x6D00;
    public static final int CLA_NOT_SUPPORTED = 0x6E00;
    /** No precise diagnosis: here, the state file could not be written. */
    public static final int UNKNOWN = 0x6F00;

    private Sw() {
    }

    /** {@code 63Cx}: x tries left (0..15). */
    public static int triesLeft(int tries) {
        return WRONG_CODE_BASE | Math.max(0, Math.min(15, tries));
    }

    public static String hex(int sw) {
        return String.format("%04X", sw);
    }
}
