package io.pqrstuv.client.jca;

import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.client.keys.DeviceKem;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.KEMSpi;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** ML-KEM: decapsulation by the device (/decapsulate), encapsulation locally. */
final class DeviceKemSpi implements KEMSpi {
    private final PqrstuvProvider provider;
    /** Null for the generic "ML-KEM" service: the key decides the parameter set. */
    private final Algorithm fixed;

    DeviceKemSpi(PqrstuvProvider provider, Algorithm fixed) {
        this.provider = provider;
        this.fixed = fixed;
    }

    private Algorithm check(Algorithm actual) throws InvalidKeyException {
        if (actual.family() != Algorithm.Family.ML_KEM || (fixed != null && actual != fixed)) {
            throw new InvalidKeyException("not an " + (fixed == null ? "ML-KEM" : fixed.displayName()) + " key");
        }
        return actual;
    }

    private static void noSpec(AlgorithmParameterSpec spec) throws InvalidAlgorithmParameterException {
        if (spec != null) {
            throw new InvalidAlgorithmParameterException("ML-KEM takes no parameters");
        }
    }

    @Override
    public EncapsulatorSpi engineNewEncapsulator(PublicKey key, AlgorithmParameterSpec spec, SecureRandom random)
            throws InvalidAlgorithmParameterException, InvalidKeyException {
        noSpec(spec);
        if (key == null || key.getEncoded() == null) {
            throw new InvalidKeyException("no public key");
        }
        Set<Algorithm> c = DeviceKeys.candidates(key.getEncoded());
        Algorithm a = check(c.iterator().next());
        SecureRandom r = random != null ? random : new SecureRandom();
        return new EncapsulatorSpi() {
            @Override
            public KEM.Encapsulated engineEncapsulate(int from, int to, String algorithm) {
                Objects.checkFromToIndex(from, to, DeviceKem.SECRET_LENGTH);
                DeviceKem.Encapsulation e;
                try {
                    e = DeviceKem.encapsulate(a, key, r);
                } catch (InvalidKeyException ex) {
                    throw new IllegalStateException(ex.getMessage(), ex);
                }
                byte[] s = e.secret();
                try {
                    return new KEM.Encapsulated(new SecretKeySpec(s, from, to - from, algorithm), e.ciphertext(), null);
                } finally {
                    Arrays.fill(s, (byte) 0);
                }
            }

            @Override
            public int engineSecretSize() {
                return DeviceKem.SECRET_LENGTH;
            }

            @Override
            public int engineEncapsulationSize() {
                return a.outputLength();
            }
        };
    }

    @Override
    public DecapsulatorSpi engineNewDecapsulator(PrivateKey key, AlgorithmParameterSpec spec)
            throws InvalidAlgorithmParameterException, InvalidKeyException {
        noSpec(spec);
        if (!(key instanceof PqrstuvPrivateKey k)) {
            throw new InvalidKeyException("PQRSTUV decapsulates only with device keys (PqrstuvPrivateKey)");
        }
        Algorithm a = check(k.deviceAlgorithm());
        return new DecapsulatorSpi() {
            @Override
            public SecretKey engineDecapsulate(byte[] encapsulation, int from, int to, String algorithm)
                    throws DecapsulateException {
                Objects.checkFromToIndex(from, to, DeviceKem.SECRET_LENGTH);
                if (encapsulation.length != a.outputLength()) {
                    throw new DecapsulateException("a " + a.displayName() + " ciphertext is " + a.outputLength() + " bytes");
                }
                byte[] s = null;
                try {
                    s = provider.withDevice(seq -> seq.decapsulate(k.id(), encapsulation));
                    if (s.length != DeviceKem.SECRET_LENGTH) {
                        throw new DecapsulateException("the device returned " + s.length + " bytes, not 32");
                    }
                    return new SecretKeySpec(s, from, to - from, algorithm);
                } catch (PqrstuvException | IOException | GeneralSecurityException e) {
                    throw new DecapsulateException("device decapsulation failed: " + e.getMessage(), e);
                } finally {
                    if (s != null) {
                        Arrays.fill(s, (byte) 0);
                    }
                }
            }

            @Override
            public int engineSecretSize() {
                return DeviceKem.SECRET_LENGTH;
            }

            @Override
            public int engineEncapsulationSize() {
                return a.outputLength();
            }
        };
    }
}
