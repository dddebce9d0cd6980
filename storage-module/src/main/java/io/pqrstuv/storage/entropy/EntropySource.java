package io.pqrstuv.storage.entropy;

import java.security.SecureRandom;

/**
 * Where the storage module's randomness comes from: session ids, nonces, key identifiers, key
 * generation, signing nonces and the IVs of the records at rest. The default is the JDK DRBG
 * ({@link DrbgEntropySource}); {@link QcicadaEntropySource} draws from a QCicada QRNG whose signed
 * reads are verified under an OEM CA.
 *
 * <p>A source may refuse: its SecureRandom then throws {@link EntropyUnavailableException} instead of
 * producing output (fail closed). Commands that draw randomness and change state are first
 * {@linkplain #admit admitted}, so that they are refused before they change anything.
 */
public interface EntropySource extends AutoCloseable {

    /** A SecureRandom drawing from this source, for JCA key generation and signing. */
    SecureRandom secureRandom();

    /** Fills {@code out} with random bytes. */
    default void nextBytes(byte[] out) {
        secureRandom().nextBytes(out);
    }

    /** Short description for the start-up banner, e.g. {@code DRBG (Hash_DRBG,SHA-256,256)}. */
    String describe();

    /**
     * Admits one command that will draw randomness, before it changes any state. Throws {@link
     * EntropyUnavailableException} when the source cannot vouch for its output now. Once admitted,
     * the calling thread's draws are served until the permit is closed, even if the source fails
     * meanwhile: a command admitted whole is never refused half-way (its output comes from a DRBG
     * seeded while the source was healthy).
     *
     * @param freshEntropy reseed from the source before the command (it generates keys)
     */
    default Permit admit(boolean freshEntropy) {
        return Permit.NONE;
    }

    /** Releases what the source holds (a device, a thread); draws are refused afterwards. Idempotent. */
    @Override
    default void close() {
    }

    /** The scope of one admitted command. */
    interface Permit extends AutoCloseable {
        Permit NONE = () -> { };

        @Override
        void close();
    }
}
