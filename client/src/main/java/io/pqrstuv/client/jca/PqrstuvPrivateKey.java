package io.pqrstuv.client.jca;

import io.pqrstuv.client.KeyId;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.PrivateKey;
import java.util.Objects;

/**
 * A handle to a private key inside the device: its identifier and algorithm, no key material.
 * Passing it to the provider's Signature, KEM or Cipher makes the device do the private-key operation.
 */
public final class PqrstuvPrivateKey implements PrivateKey {
    private static final long serialVersionUID = 1L;
    private final KeyId id;
    private final Algorithm algorithm;

    public PqrstuvPrivateKey(KeyId id, Algorithm algorithm) {
        this.id = Objects.requireNonNull(id);
        this.algorithm = Objects.requireNonNull(algorithm);
    }

    public KeyId id() {
        return id;
    }

    public Algorithm deviceAlgorithm() {
        return algorithm;
    }

    @Override
    public String getAlgorithm() {
        return algorithm.displayName();
    }

    /** No encoding: the private key never leaves the device. */
    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PqrstuvPrivateKey k && k.id.equals(id) && k.algorithm == algorithm;
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + algorithm.hashCode();
    }

    @Override
    public String toString() {
        return "PqrstuvPrivateKey[" + id + ", " + algorithm.displayName() + "]";
    }
}
