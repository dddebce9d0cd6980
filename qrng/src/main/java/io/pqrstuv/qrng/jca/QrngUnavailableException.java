package io.pqrstuv.qrng.jca;

import java.security.ProviderException;

/**
 * The QRNG provider refuses to produce output: the device reports a health-test or voltage
 * failure, has not finished its startup test, delivers unconditioned noise to a DRBG, or does not
 * answer. The message says which; the cause is the device-level exception. A {@code SecureRandom}
 * cannot throw checked exceptions, hence a {@link ProviderException}.
 */
public final class QrngUnavailableException extends ProviderException {
    public QrngUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public QrngUnavailableException(String message) {
        super(message);
    }
}
