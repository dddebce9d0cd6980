package io.pqrstuv.storage.entropy;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** The default entropy source: the JDK's NIST SP 800-90A DRBG, 256-bit strength, prediction resistance off. */
public final class DrbgEntropySource implements EntropySource {
    private final SecureRandom random;

    public DrbgEntropySource() {
        try {
            random = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK DRBG is unavailable", e);
        }
    }

    @Override
    public SecureRandom secureRandom() {
        return random;
    }

    /** Key generation reseeds the DRBG from the OS first, as the QRNG source does from the QRNG (P-82). */
    @Override
    public Permit admit(boolean freshEntropy) {
        if (freshEntropy) {
            random.reseed();
        }
        return Permit.NONE;
    }

    @Override
    public String describe() {
        // The mechanism comes from the securerandom.drbg.config security property (Hash_DRBG/SHA-256 by default).
        return "JDK DRBG (256-bit, reseed-only)";
    }
}
