package io.pqrstuv.crypto;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The storage module's crypto engine: every private-key operation of the profile, on
 * {@link PrivateKeyBlob}s. Semantics per notes §3.6, D-29, D-30, D-41, D-51.
 *
 * <p>Implementations zeroize every intermediate private-key array they create; JCA key objects
 * that cannot be destroyed are short-lived and documented in docs/security.md.
 */
public interface DeviceCrypto {

    /** Generates a key pair (RSA 3072/e=65537, EC P-256, D-41). */
    PrivateKeyBlob generate(Algorithm algorithm, SecureRandom random);

    /**
     * Parses and validates an IMPORT operation data (D-18, D-19) and re-encodes it
     * deterministically. Does not modify or zeroize {@code cose}; the caller does.
     *
     * @param allowed the device's available_cryptosystems
     */
    PrivateKeyBlob parsePrivate(byte[] cose, Set<Algorithm> allowed) throws CoseKeyException;

    /** The public COSE_Key CBOR of a private key (GET_PUB, SEC_SET_INIT replies). */
    byte[] publicCose(PrivateKeyBlob key);

    /**
     * Signs a 32-byte SHA3-256 digest (D-29, D-30). Randomized where the algorithm is.
     *
     * @throws IllegalArgumentException if the key is not a signature key or digest is not 32 bytes
     */
    byte[] sign(PrivateKeyBlob key, byte[] digest, SecureRandom random);

    /** The exact ciphertext length DECAPS accepts for this key (ML-KEM fixed, RSA = modulus bytes). */
    int ciphertextLength(PrivateKeyBlob key);

    /**
     * ML-KEM Decaps (implicit rejection returns a pseudo-random K, D-51) or RSA-OAEP decryption.
     *
     * @throws DecapsulationException on an RSA-OAEP padding failure or a wrong ciphertext length
     */
    byte[] decapsulate(PrivateKeyBlob key, byte[] ciphertext) throws DecapsulationException;
}
