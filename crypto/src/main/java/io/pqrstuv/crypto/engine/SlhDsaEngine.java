package io.pqrstuv.crypto.engine;

import static io.pqrstuv.crypto.cose.CoseLabels.PRIV;
import static io.pqrstuv.crypto.cose.CoseLabels.PUB;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.SLHDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.SLHDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.SLHDSAParameters;
import org.bouncycastle.crypto.params.SLHDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.SLHDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.SLHDSASigner;

/**
 * SLH-DSA (FIPS 205, pure, ctx "") via the BC lightweight API, which the JDK lacks. priv is
 * SK.seed‖SK.prf‖PK.seed‖PK.root (4n), pub is PK.seed‖PK.root (2n).
 */
final class SlhDsaEngine implements FamilyEngine {

    static SLHDSAParameters parameters(Algorithm algorithm) {
        return switch (algorithm) {
            case SLH_DSA_SHA2_128S -> SLHDSAParameters.sha2_128s;
            case SLH_DSA_SHA2_128F -> SLHDSAParameters.sha2_128f;
            case SLH_DSA_SHA2_192S -> SLHDSAParameters.sha2_192s;
            case SLH_DSA_SHA2_192F -> SLHDSAParameters.sha2_192f;
            case SLH_DSA_SHA2_256S -> SLHDSAParameters.sha2_256s;
            case SLH_DSA_SHA2_256F -> SLHDSAParameters.sha2_256f;
            case SLH_DSA_SHAKE_128S -> SLHDSAParameters.shake_128s;
            case SLH_DSA_SHAKE_128F -> SLHDSAParameters.shake_128f;
            case SLH_DSA_SHAKE_192S -> SLHDSAParameters.shake_192s;
            case SLH_DSA_SHAKE_192F -> SLHDSAParameters.shake_192f;
            case SLH_DSA_SHAKE_256S -> SLHDSAParameters.shake_256s;
            case SLH_DSA_SHAKE_256F -> SLHDSAParameters.shake_256f;
            default -> throw new IllegalArgumentException(algorithm + " is not SLH-DSA");
        };
    }

    @Override
    public CoseMap generate(Algorithm algorithm, SecureRandom random) {
        SLHDSAKeyPairGenerator generator = new SLHDSAKeyPairGenerator();
        generator.init(new SLHDSAKeyGenerationParameters(random, parameters(algorithm)));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        SLHDSAPrivateKeyParameters priv = (SLHDSAPrivateKeyParameters) pair.getPrivate();
        try {
            byte[] pub = ((SLHDSAPublicKeyParameters) pair.getPublic()).getEncoded();
            return AkpKeys.map(algorithm, pub, priv.getEncoded());
        } finally {
            priv.destroy();
        }
    }

    @Override
    public void check(Algorithm algorithm, CoseMap key) throws CoseKeyException {
        int n = algorithm.publicKeyLength() / 2;
        AkpKeys.checkLengths(algorithm, key, 4 * n);
        byte[] priv = key.requireBytes(PRIV);
        byte[] pkInPriv = Arrays.copyOfRange(priv, 2 * n, 4 * n);
        if (!MessageDigest.isEqual(pkInPriv, key.requireBytes(PUB))) {
            throw FamilyEngine.mismatch(algorithm.displayName() + " pub does not match the PK part of priv");
        }
        // PK.root is a function of SK.seed and PK.seed: recompute it (FIPS 205 slh_keygen_internal).
        byte[] skSeed = Arrays.copyOfRange(priv, 0, n);
        byte[] skPrf = Arrays.copyOfRange(priv, n, 2 * n);
        byte[] pkSeed = Arrays.copyOfRange(priv, 2 * n, 3 * n);
        SLHDSAPrivateKeyParameters derived = null;
        try {
            SLHDSAKeyPairGenerator generator = new SLHDSAKeyPairGenerator();
            generator.init(new SLHDSAKeyGenerationParameters(new SecureRandom(), parameters(algorithm)));
            AsymmetricCipherKeyPair pair = generator.internalGenerateKeyPair(skSeed, skPrf, pkSeed);
            derived = (SLHDSAPrivateKeyParameters) pair.getPrivate();
            AkpKeys.checkDerived(algorithm, key, ((SLHDSAPublicKeyParameters) pair.getPublic()).getEncoded());
        } finally {
            Bytes.wipe(skSeed, skPrf);
            if (derived != null) {
                derived.destroy();
            }
        }
    }

    @Override
    public byte[] sign(Algorithm algorithm, CoseMap key, byte[] digest, SecureRandom random) {
        SLHDSAPrivateKeyParameters priv = new SLHDSAPrivateKeyParameters(parameters(algorithm), key.requireBytes(PRIV));
        try {
            SLHDSASigner signer = new SLHDSASigner();
            signer.init(true, new ParametersWithRandom(priv, random));
            return signer.generateSignature(digest);
        } finally {
            priv.destroy();
        }
    }
}
