package io.pqrstuv.qrng.qcicada;

import io.pqrstuv.qrng.jca.EntropyInput;
import java.io.IOException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * Entropy from signed reads verified with a device key that a CA vouched for: the attested input
 * of a QRNG-seeded DRBG (for example the storage module's). A read whose signature does not
 * verify throws and leaves nothing behind. Combine with a {@link io.pqrstuv.qrng.jca.HealthGate}
 * on the same device: signed reads carry no status.
 */
public final class SignedEntropyInput implements EntropyInput {
    private final QCicadaDevice device;
    private final ECPublicKey verifiedKey;

    public SignedEntropyInput(QCicadaDevice device, ECPublicKey verifiedKey) {
        this.device = Objects.requireNonNull(device, "device");
        this.verifiedKey = Objects.requireNonNull(verifiedKey, "verifiedKey");
    }

    @Override
    public void read(byte[] out) throws IOException {
        for (int off = 0; off < out.length; ) {
            int n = Math.min(out.length - off, 65_535);
            byte[] d = device.signedReadVerified(n, verifiedKey);
            System.arraycopy(d, 0, out, off, n);
            Arrays.fill(d, (byte) 0);
            off += n;
        }
    }

    @Override
    public String describe() {
        return "verified signed reads from " + device.describe();
    }
}
