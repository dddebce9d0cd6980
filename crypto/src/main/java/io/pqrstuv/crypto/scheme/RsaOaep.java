package io.pqrstuv.crypto.scheme;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The OAEP parameters of COSE -41/-42: hash and MGF1 hash the same, empty label. Always passed
 * explicitly: "OAEPWith…AndMGF1Padding" would use MGF1-SHA-1 (notes §3.6).
 */
public final class RsaOaep {
    private RsaOaep() {
    }

    public static OAEPParameterSpec parameters(Algorithm algorithm) {
        return switch (algorithm) {
            case RSA_OAEP_256 -> new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
            case RSA_OAEP_512 -> new OAEPParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, PSource.PSpecified.DEFAULT);
            default -> throw new IllegalArgumentException(algorithm + " is not RSA-OAEP");
        };
    }
}
