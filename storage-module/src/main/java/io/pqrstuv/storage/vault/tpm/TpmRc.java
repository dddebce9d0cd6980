package io.pqrstuv.storage.vault.tpm;

/**
 * TSS2 response codes (TCG TSS 2.0 Overview, "TSS2_RC"; TPM 2.0 Part 2, "TPM_RC"). The top byte
 * pair names the layer that answered (0 = the TPM); TPM codes are either "format zero" (bit 7
 * clear) or "format one" (bit 7 set: an error number in bits 0–5 plus the handle, session or
 * parameter it concerns in bits 6–11).
 */
final class TpmRc {
    static final int SUCCESS = 0;
    static final int LAYER_MASK = 0xFFFF0000;
    static final int LAYER_TPM = 0;
    static final int LAYER_ESAPI = 7 << 16;
    static final int LAYER_SYS = 8 << 16;
    static final int LAYER_TCTI = 10 << 16;

    /** Format-zero codes. */
    static final int INITIALIZE = 0x100;
    static final int FORMAT_ONE = 0x080;
    /** Format-one error numbers (the base code without handle/session/parameter bits). */
    static final int AUTH_FAIL = 0x08E;
    static final int POLICY_FAIL = 0x09D;
    static final int HANDLE = 0x08B;
    static final int VALUE = 0x084;
    /** Warnings. */
    static final int REFERENCE_H0 = 0x910;
    static final int REFERENCE_S0 = 0x918;
    static final int RETRY = 0x922;
    static final int YIELDED = 0x908;
    static final int TESTING = 0x90A;
    /** Format-zero: a PCR changed while a policy was being evaluated. */
    static final int PCR_CHANGED = 0x128;

    /** TSS2 base codes (tss2_common.h) that, in the ESAPI or SAPI layer, mean a lost transport. */
    private static final int BASE_NO_CONNECTION = 8;
    private static final int BASE_IO_ERROR = 10;
    private static final int BASE_MALFORMED_RESPONSE = 17;
    private static final int BASE_INSUFFICIENT_RESPONSE = 19;
    /** ESAPI's "invalid ESYS_TR handle". */
    private static final int BASE_BAD_TR = 24;

    private TpmRc() {
    }

    static int layer(int rc) {
        return rc & LAYER_MASK;
    }

    /** The TPM's error number without the handle/session/parameter qualifier. */
    static int base(int rc) {
        int code = rc & 0xFFFF;
        return (code & FORMAT_ONE) != 0 ? code & 0xBF : code;
    }

    static boolean isTpm(int rc) {
        return layer(rc) == LAYER_TPM;
    }

    /** An authorisation checked by the TPM did not hold: wrong PCR values for a PCR-bound object. */
    static boolean isPolicyFailure(int rc) {
        return isTpm(rc) && (base(rc) == POLICY_FAIL || base(rc) == PCR_CHANGED);
    }

    /** The TPM is busy or asks to be asked again. */
    static boolean isRetry(int rc) {
        int b = rc & 0xFFFF;
        return isTpm(rc) && (b == RETRY || b == YIELDED || b == TESTING);
    }

    /**
     * Conditions a fresh connection can cure: the transport failed (TCTI layer, incl. a refused or
     * reset socket), the TPM lost our transient objects or sessions (it restarted: stale handles,
     * references to unloaded objects or sessions), or it needs TPM2_Startup.
     */
    static boolean isConnectionLost(int rc) {
        if (layer(rc) == LAYER_TCTI) {
            return true;
        }
        if (layer(rc) == LAYER_ESAPI || layer(rc) == LAYER_SYS) {
            int b = rc & 0xFFFF;
            return b == BASE_NO_CONNECTION || b == BASE_IO_ERROR || b == BASE_MALFORMED_RESPONSE
                    || b == BASE_INSUFFICIENT_RESPONSE || b == BASE_BAD_TR;
        }
        if (!isTpm(rc)) {
            return false;
        }
        int code = rc & 0xFFFF;
        if (code == INITIALIZE) {
            return true;
        }
        if ((code & 0xFF0) == REFERENCE_H0 || (code & 0xFF8) == REFERENCE_S0) {
            return true; // TPM_RC_REFERENCE_H0..H6, TPM_RC_REFERENCE_S0..S6
        }
        return base(rc) == HANDLE && !isParameter(rc);
    }

    /** A format-one code that concerns a parameter (bit 6), rather than a handle or session. */
    private static boolean isParameter(int rc) {
        return (rc & FORMAT_ONE) != 0 && (rc & 0x040) != 0;
    }
}
