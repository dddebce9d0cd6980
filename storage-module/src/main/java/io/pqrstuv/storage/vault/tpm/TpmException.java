package io.pqrstuv.storage.vault.tpm;

import io.pqrstuv.storage.persist.StorageException;

/**
 * An ESAPI call failed. Carries the TSS2 response code ({@link #rc()}) so that callers can tell a
 * refused authorisation (the PCR policy no longer holds) from a lost connection or a TPM that was
 * restarted underneath (stale handles), which a reconnect cures. The message names the TPM command
 * and tpm2-tss's text for the code; it never carries data.
 */
public final class TpmException extends StorageException {
    private final String command;
    private final int rc;

    TpmException(String command, int rc, String description) {
        super(command + " failed: " + description);
        this.command = command;
        this.rc = rc;
    }

    /** The ESAPI function that failed, e.g. {@code Esys_Unseal}. */
    public String command() {
        return command;
    }

    /** The TSS2_RC as returned by the library (layer in bits 16–23, 0 = the TPM itself). */
    public int rc() {
        return rc;
    }

    /** The TPM refused an authorisation: the policy (here: the PCR values) does not hold. */
    public boolean isAuthorisationRefused() {
        return TpmRc.isPolicyFailure(rc);
    }

    /**
     * Worth a fresh connection: the transport failed, or the TPM no longer knows a handle or session
     * of ours (it was restarted), or it asks to be started up.
     */
    public boolean isConnectionLost() {
        return TpmRc.isConnectionLost(rc);
    }
}
