package io.pqrstuv.crypto.engine;

import static io.pqrstuv.crypto.cose.CoseLabels.PRIV;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.der.JdkPkcs8;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;

/**
 * ML-DSA (FIPS 204) with the 32-byte seed as the private key. BC expands the seed to derive the
 * IMPORT checks, expanded key for the JDK); the JDK signs (pure, ctx "", hedged, D-29).
 */
final class MlDsaEngine implements FamilyEngine {
    static final int SEED_LENGTH = 32;

    static MLDSAParameters parameters(Algorithm algorithm) {
        return switch (algorithm) {
            case ML_DSA_44 -> MLDSAParameters.ml_dsa_44;
            case ML_DSA_65 -> MLDSAParameters.ml_dsa_65;
            case ML_DSA_87 -> MLDSAParameters.ml_dsa_87;
            default -> throw new IllegalArgumentException(algorithm + " is not ML-DSA");
        };
    }

    /** The encoded public key for a seed (FIPS 204 ML-DSA.KeyGen_internal). */
    static byte[] publicFromSeed(Algorithm algorithm, byte[] seed) {
        // BC keeps (and destroy() wipes) the array it is given: hand it a copy of ours.
        byte[] copy = seed.clone();
        MLDSAPrivateKeyParameters expanded = new MLDSAPrivateKeyParameters(parameters(algorithm), copy);
        try {
            return expanded.getPublicKey();
        } finally {
            expanded.destroy();
            Bytes.wipe(copy);
        }
    }

    /** The JDK's PKCS#8 for a seed: BC expands it (the JDK cannot take a seed, see {@link JdkPkcs8}). */
    static byte[] jdkPkcs8(Algorithm algorithm, byte[] seed) {
        byte[] copy = seed.clone();
        MLDSAPrivateKeyParameters expanded = new MLDSAPrivateKeyParameters(parameters(algorithm), copy);
        byte[] sk = expanded.getEncoded();
        try {
            return JdkPkcs8.expanded(algorithm, sk);
        } finally {
            Bytes.wipe(sk, copy);
            expanded.destroy();
        }
    }

    @Override
    public CoseMap generate(Algorithm algorithm, SecureRandom random) {
        byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        return AkpKeys.map(algorithm, publicFromSeed(algorithm, seed), seed);
    }

    @Override
    public void check(Algorithm algorithm, CoseMap key) throws CoseKeyException {
        AkpKeys.checkLengths(algorithm, key, SEED_LENGTH);
        AkpKeys.checkDerived(algorithm, key, publicFromSeed(algorithm, key.requireBytes(PRIV)));
    }

    @Override
    public byte[] sign(Algorithm algorithm, CoseMap key, byte[] digest, SecureRandom random) {
        byte[] pkcs8 = jdkPkcs8(algorithm, key.requireBytes(PRIV));
        PrivateKey privateKey = null;
        try {
            privateKey = Jca.keyFactory("ML-DSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            Signature s = Jca.signature("ML-DSA");
            s.initSign(privateKey, random);
            s.update(digest);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ML-DSA signing failed", e);
        } finally {
            Bytes.wipe(pkcs8);
            Jca.destroy(privateKey);
        }
    }
}
