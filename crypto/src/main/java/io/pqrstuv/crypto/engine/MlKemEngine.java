package io.pqrstuv.crypto.engine;

import static io.pqrstuv.crypto.cose.CoseLabels.PRIV;

import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.der.OwnedPkcs8KeySpec;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import javax.crypto.DecapsulateException;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;

/**
 * ML-KEM (FIPS 203) with the 64-byte seed d‖z as the private key. BC derives the encapsulation key;
 * the JDK decapsulates with the BC-expanded key (implicit rejection, D-51).
 */
final class MlKemEngine extends SeededKeyEngine {
    static final int SEED_LENGTH = 64;

    static MLKEMParameters parameters(Algorithm algorithm) {
        return switch (algorithm) {
            case ML_KEM_512 -> MLKEMParameters.ml_kem_512;
            case ML_KEM_768 -> MLKEMParameters.ml_kem_768;
            case ML_KEM_1024 -> MLKEMParameters.ml_kem_1024;
            default -> throw new IllegalArgumentException(algorithm + " is not ML-KEM");
        };
    }

    MlKemEngine() {
        super(SEED_LENGTH);
    }

    @Override
    protected Expanded expand(Algorithm algorithm, byte[] seed) {
        MLKEMPrivateKeyParameters key = new MLKEMPrivateKeyParameters(parameters(algorithm), seed);
        return new Expanded(key::getPublicKey, key::getEncoded, key::destroy);
    }

    @Override
    public int ciphertextLength(Algorithm algorithm, CoseMap key) {
        return algorithm.outputLength();
    }

    @Override
    public byte[] decapsulate(Algorithm algorithm, CoseMap key, byte[] ciphertext) throws DecapsulationException {
        if (ciphertext.length != algorithm.outputLength()) {
            throw new DecapsulationException("ciphertext must be " + algorithm.outputLength() + " bytes");
        }
        OwnedPkcs8KeySpec pkcs8 = new OwnedPkcs8KeySpec(jdkPkcs8(algorithm, key.requireBytes(PRIV)));
        PrivateKey privateKey = null;
        SecretKey shared = null;
        try {
            privateKey = Jca.keyFactory("ML-KEM").generatePrivate(pkcs8);
            shared = Jca.kem("ML-KEM").newDecapsulator(privateKey).decapsulate(ciphertext);
            return shared.getEncoded();
        } catch (DecapsulateException e) {
            throw new DecapsulationException("ML-KEM decapsulation failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ML-KEM key could not be loaded", e);
        } finally {
            pkcs8.destroy();
            Jca.destroy(privateKey);
            Jca.destroy(shared);
        }
    }
}
