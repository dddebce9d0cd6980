package io.pqrstuv.qrng.qcicada;

import io.pqrstuv.qrng.error.QccException;

/**
 * The device's public key is not vouched for: its certificate does not verify under the CA key, or
 * the device has no certificate, or its identity cannot be encoded into the certificate blob.
 */
public final class QccCertificateException extends QccException {
    public QccCertificateException(String message) {
        super(message);
    }

    public QccCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
