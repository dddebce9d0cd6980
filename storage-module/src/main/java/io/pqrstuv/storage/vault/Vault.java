package io.pqrstuv.storage.vault;

import io.pqrstuv.storage.persist.RecordTamperedException;
import io.pqrstuv.storage.persist.StorageException;

/**
 * The root of trust: holds the two AES-256 keys of the spec's "Secure Storage" section and
 * performs AES-256-GCM with them. Each key lives in a {@link Slot} under a generation number;
 * a rotation creates generation n+1 next to n, and the store destroys n once its manifest has
 * committed to n+1 (see docs/storage-at-rest.md).
 *
 * <p>Sealed records are {@code IV(12) ‖ ciphertext ‖ tag(16)}. Whether the AES operation runs
 * inside the device (PKCS#11) or on a data key unsealed into RAM (TPM, dev) is the backend's
 * business and is documented in docs/security.md.
 */
public sealed interface Vault extends AutoCloseable permits DevVault, Pkcs11Vault, TpmVault, TpmToolsVault {

    /** GCM nonce length in bytes. */
    int IV_LENGTH = 12;
    /** GCM tag length in bytes. */
    int TAG_LENGTH = 16;

    /** The two keys of the spec: key pairs (rotated by CRYPTO_RST) and the user secret. */
    enum Slot {
        KEY_STORE, SECRET;

        /** Short lowercase name used in labels and file names. */
        public String label() {
            return this == KEY_STORE ? "keystore" : "secret";
        }
    }

    /** One line for the start-up banner, e.g. {@code tpm (swtpm:host=...), PCR sha256:0,2,4,7}. */
    String describe();

    /** Whether the backend holds any key of {@code slot}, of any generation. */
    boolean hasAnyKey(Slot slot) throws StorageException;

    /** Generates a fresh key for {@code slot}/{@code generation} inside the backend, replacing a stale one. */
    void createKey(Slot slot, int generation) throws StorageException;

    /** Destroys the key of {@code slot}/{@code generation}; does nothing if there is none. */
    void destroyKey(Slot slot, int generation) throws StorageException;

    /** Destroys every key of {@code slot} except generation {@code keep} (0 keeps none): crash clean-up. */
    void destroyStale(Slot slot, int keep) throws StorageException;

    /** AES-256-GCM encryption under the key of {@code slot}/{@code generation}, with a fresh random IV. */
    byte[] encrypt(Slot slot, int generation, byte[] plaintext, byte[] aad) throws StorageException;

    /**
     * AES-256-GCM decryption; the caller zeroizes the result.
     *
     * @throws RecordTamperedException if the record is too short or fails authentication
     */
    byte[] decrypt(Slot slot, int generation, byte[] sealed, byte[] aad) throws StorageException;

    /** Forgets every key held in RAM and releases the backend. */
    @Override
    void close() throws StorageException;
}
