package io.pqrstuv.qrng;

import io.pqrstuv.qrng.error.QccException;
import io.pqrstuv.qrng.wire.QccStatus;

/**
 * The device reports that its output cannot be trusted now: a health-test failure, a voltage
 * failure, an unfinished startup test, or not initialized. The reasons come from the status flags.
 */
public final class QccUnhealthyException extends QccException {
    private final transient QccStatus status;

    public QccUnhealthyException(QccStatus status) {
        super("device is not healthy: " + String.join(", ", status.problems()));
        this.status = status;
    }

    public QccUnhealthyException(QccStatus status, Throwable cause) {
        super("device is not healthy: " + String.join(", ", status.problems()), cause);
        this.status = status;
    }

    /** The status that was refused. */
    public QccStatus status() {
        return status;
    }
}
