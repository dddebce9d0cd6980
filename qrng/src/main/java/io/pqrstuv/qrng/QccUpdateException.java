package io.pqrstuv.qrng;

import io.pqrstuv.qrng.error.QccException;
import io.pqrstuv.qrng.wire.UpdateStatus;

/** A firmware update step was refused with an update status (ERR_INVALID, ERR_MEMORY, ERR_VERIFICATION, …). */
public final class QccUpdateException extends QccException {
    private final UpdateStatus status;

    public QccUpdateException(String message, UpdateStatus status) {
        super(message);
        this.status = status;
    }

    public UpdateStatus status() {
        return status;
    }
}
