package io.pqrstuv.crypto;

import io.pqrstuv.icp.alg.Algorithm;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A private key in its one canonical form: the deterministic CBOR of its private COSE_Key
 * (notes §3.4; AKP keys hold the seed in {@code priv} and the public key in {@code pub}).
 * It is what KEYGEN produces, what IMPORT accepts and what the store encrypts at rest.
 *
 * <p>Owns its array: {@link #destroy()} (or try-with-resources) zeroizes it.
 */
public final class PrivateKeyBlob implements Destroyable, AutoCloseable {
    private final Algorithm algorithm;
    private final byte[] cose;
    private boolean destroyed;

    /** Takes ownership of {@code cose} (no copy). */
    public PrivateKeyBlob(Algorithm algorithm, byte[] cose) {
        this.algorithm = Objects.requireNonNull(algorithm);
        this.cose = Objects.requireNonNull(cose);
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** The private COSE_Key CBOR itself, not a copy: do not keep it past this blob's life. */
    public byte[] cose() {
        if (destroyed) {
            throw new IllegalStateException("key material destroyed");
        }
        return cose;
    }

    @Override
    public void destroy() {
        Arrays.fill(cose, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "PrivateKeyBlob[" + algorithm + "]";
    }
}
