package io.pqrstuv.storage.entropy;

import java.security.ProviderException;
import java.util.Optional;

/**
 * The entropy source refuses to produce output (fail closed): its QRNG failed a health test, stopped
 * answering, or returned a read whose signature does not verify. A {@code SecureRandom} cannot throw
 * checked exceptions, hence a {@link ProviderException}; JCA code may wrap it, so callers look for it
 * in the cause chain ({@link #in}). The message names the reason, never data.
 */
public final class EntropyUnavailableException extends ProviderException {
    public EntropyUnavailableException(String message) {
        super(message);
    }

    public EntropyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** This exception in {@code t}'s cause chain, if there (a JCA provider may have wrapped it). */
    public static Optional<EntropyUnavailableException> in(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c != null && depth < 32; depth++, c = c.getCause()) { // a cyclic chain ends too
            if (c instanceof EntropyUnavailableException e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
