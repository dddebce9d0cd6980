package io.pqrstuv.qrng.jca;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.prng.EntropySource;
import org.bouncycastle.crypto.prng.EntropySourceProvider;

/**
 * Bouncy Castle's view of the QRNG: each {@code getEntropy()} reads fresh bytes from an {@link
 * EntropyInput}. Optionally the entropy input is the QRNG bytes followed by as many bytes from a
 * second generator (the OS DRBG): the DRBG's derivation function then mixes both, so its state
 * depends on the QRNG and on the host, and the entropy counted is the QRNG's alone. A failing
 * input makes {@code getEntropy()} throw {@link QrngUnavailableException}: Bouncy Castle's DRBGs
 * then refuse to instantiate or reseed.
 */
public final class QrngEntropySourceProvider implements EntropySourceProvider {
    private final EntropyInput input;
    private final SecureRandom mixWith;

    /** @param mixWith second source appended to each entropy input, or null */
    public QrngEntropySourceProvider(EntropyInput input, SecureRandom mixWith) {
        this.input = Objects.requireNonNull(input, "input");
        this.mixWith = mixWith;
    }

    @Override
    public EntropySource get(int bitsRequired) {
        if (bitsRequired <= 0 || bitsRequired % 8 != 0) {
            throw new IllegalArgumentException("entropy must be a positive whole number of bytes, got " + bitsRequired + " bits");
        }
        int bytes = bitsRequired / 8;
        return new EntropySource() {
            @Override
            public boolean isPredictionResistant() {
                return true; // every call reads the device again
            }

            @Override
            public byte[] getEntropy() {
                byte[] q = new byte[bytes];
                try {
                    input.read(q);
                } catch (QrngUnavailableException e) {
                    throw e;
                } catch (IOException e) {
                    Arrays.fill(q, (byte) 0);
                    throw new QrngUnavailableException("QRNG entropy input failed (" + input.describe() + "): "
                            + e.getMessage(), e);
                }
                if (mixWith == null) {
                    return q;
                }
                byte[] both = Arrays.copyOf(q, 2 * bytes);
                Arrays.fill(q, (byte) 0);
                byte[] host = new byte[bytes];
                mixWith.nextBytes(host);
                System.arraycopy(host, 0, both, bytes, bytes);
                Arrays.fill(host, (byte) 0);
                return both;
            }

            @Override
            public int entropySize() {
                return bitsRequired;
            }
        };
    }
}
