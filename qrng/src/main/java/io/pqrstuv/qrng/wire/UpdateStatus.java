package io.pqrstuv.qrng.wire;

import io.pqrstuv.qrng.error.QccProtocolException;

/** Firmware update status codes (notes §1.3). */
public enum UpdateStatus {
    READY(0),
    TRANSFER_IN_PROGRESS(1),
    TRANSFER_COMPLETED(2),
    ERR_NOT_INITIALIZED(3),
    ERR_MEMORY(4),
    ERR_VERIFICATION(5),
    ERR_INVALID(6);

    private final int code;

    UpdateStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isError() {
        return code >= 3;
    }

    public static UpdateStatus ofCode(int code) throws QccProtocolException {
        for (UpdateStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new QccProtocolException("update status " + code + " is not one of 0..6");
    }
}
