package io.pqrstuv.qrng.qcicada;

import io.pqrstuv.qrng.error.QccException;

/** A signed read whose signature does not verify under the device key it was checked with. */
public final class QccSignatureException extends QccException {
    public QccSignatureException(String message) {
        super(message);
    }
}
