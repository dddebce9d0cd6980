package io.pqrstuv.crypto.engine;

import static io.pqrstuv.crypto.cose.CoseLabels.PRIV;

import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.der.OwnedPkcs8KeySpec;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;

/**
 * ML-DSA (FIPS 204) with the 32-byte seed as the private key. BC expands the seed to derive the
 * IMPORT checks, expanded key for the JDK); the JDK signs (pure, ctx "", hedged, D-29).
 */
final class MlDsaEngine extends SeededKeyEngine {
    static final int SEED_LENGTH = 32;

    static MLDSAParameters parameters(Algorithm algorithm) {
        return switch (algorithm) {
            case ML_DSA_44 -> MLDSAParameters.ml_dsa_44;
            case ML_DSA_65 -> MLDSAParameters.ml_dsa_65;
            case ML_DSA_87 -> MLDSAParameters.ml_dsa_87;
            default -> throw new IllegalArgumentException(algorithm + " is not ML-DSA");
        };
    }

    MlDsaEngine() {
        super(SEED_LENGTH);
    }

    @Override
    protected Expanded expand(Algorithm algorithm, byte[] seed) {
        MLDSAPrivateKeyParameters key = new MLDSAPrivateKeyParameters(parameters(algorithm), seed);
        return new Expanded(key::getPublicKey, key::getEncoded, key::destroy);
    }

    @Override
    public byte[] sign(Algorithm algorithm, CoseMap key, byte[] digest, SecureRandom random) {
        OwnedPkcs8KeySpec pkcs8 = new OwnedPkcs8KeySpec(jdkPkcs8(algorithm, key.requireBytes(PRIV)));
        PrivateKey privateKey = null;
        try {
            privateKey = Jca.keyFactory("ML-DSA").generatePrivate(pkcs8);
            Signature s = Jca.signature("ML-DSA");
            s.initSign(privateKey, random);
            s.update(digest);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ML-DSA signing failed", e);
        } finally {
            pkcs8.destroy();
            Jca.destroy(privateKey);
        }
    }
}
