package io.pqrstuv.storage.store;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.storage.persist.RecordTamperedException;
import io.pqrstuv.storage.persist.StorageException;
import java.util.List;
import java.util.Optional;

/**
 * Persistent storage of the storage module (spec "Secure Storage"): the key pairs, each under
 * its 16-byte identifier and algorithm, and the user secret. Implementations encrypt at rest
 * and make every mutating call durable before it returns (issue 4).
 *
 * <p>Arrays passed in are copied or consumed, never retained; arrays returned belong to the
 * caller, who zeroizes them. Calls are made from the single command thread.
 */
public interface SecureStorage extends AutoCloseable {

    /** Whether a key is stored under {@code id}. Must not decrypt the key. */
    boolean contains(byte[] id) throws StorageException;

    /** Stores a private COSE_Key under a new, currently unused {@code id}. */
    void putKey(byte[] id, Algorithm algorithm, byte[] cosePrivate) throws StorageException;

    /**
     * The decrypted private COSE_Key stored under {@code id}, or empty if none.
     *
     * @throws RecordTamperedException if the record fails authentication (the key fails closed, CMD_FAIL)
     */
    Optional<StoredKey> getKey(byte[] id) throws StorageException;

    /** Identifiers of the keys of {@code algorithm}, loading identifiers only (KEY_LST), any order. */
    List<byte[]> listIds(Algorithm algorithm) throws StorageException;

    /** Deletes the key under {@code id}; returns false if there was none. */
    boolean deleteKey(byte[] id) throws StorageException;

    /**
     * The user secret (empty by default, D-8).
     *
     * @throws RecordTamperedException if the secret record fails authentication
     */
    byte[] secret() throws StorageException;

    /** Replaces the user secret (< 1024 bytes). */
    void setSecret(byte[] secret) throws StorageException;

    /** CRYPTO_RST: deletes every key and rotates the key-encryption key. The secret stays. */
    void cryptoReset() throws StorageException;

    /** DEV_RST: deletes everything, rotates both keys, restores the default secret. */
    void deviceReset() throws StorageException;

    @Override
    void close() throws StorageException;

    /** A decrypted key and its algorithm; the caller zeroizes {@code cosePrivate}. */
    record StoredKey(Algorithm algorithm, byte[] cosePrivate) {
        @Override
        public String toString() {
            return "StoredKey[" + algorithm + "]";
        }
    }
}
