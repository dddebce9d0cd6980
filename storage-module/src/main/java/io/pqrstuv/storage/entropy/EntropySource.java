package io.pqrstuv.storage.entropy;

import java.security.SecureRandom;

/**
 * Where the storage module's randomness comes from: session ids, nonces, key identifiers and
 * key generation. The default is the JDK DRBG; the QCicada QRNG plugs in here later.
 */
public interface EntropySource {

    /** A SecureRandom drawing from this source, for JCA key generation and signing. */
    SecureRandom secureRandom();

    /** Fills {@code out} with random bytes. */
    default void nextBytes(byte[] out) {
        secureRandom().nextBytes(out);
    }

    /** Short description for the start-up banner, e.g. {@code DRBG (Hash_DRBG,SHA-256,256)}. */
    String describe();
}
