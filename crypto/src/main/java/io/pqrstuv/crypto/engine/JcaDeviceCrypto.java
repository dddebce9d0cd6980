package io.pqrstuv.crypto.engine;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.cose.CoseCodec;
import io.pqrstuv.crypto.cose.CoseKeyReader;
import io.pqrstuv.crypto.cose.CoseKeyShape;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The device crypto engine on the JDK 25 providers (ML-DSA, ML-KEM, EC, EdDSA, RSA) and Bouncy
 * Castle (SLH-DSA, seed expansion, raw PSS). Every operation decodes the blob into a short-lived
 * {@link CoseMap} and wipes it in a finally block.
 */
public final class JcaDeviceCrypto implements DeviceCrypto {
    private static final Set<Algorithm> ALL = EnumSet.allOf(Algorithm.class);

    private final MlDsaEngine mlDsa = new MlDsaEngine();
    private final SlhDsaEngine slhDsa = new SlhDsaEngine();
    private final EcdsaEngine ecdsa = new EcdsaEngine();
    private final Ed25519Engine ed25519 = new Ed25519Engine();
    private final RsaEngine rsa = new RsaEngine();
    private final MlKemEngine mlKem = new MlKemEngine();

    private FamilyEngine engine(Algorithm algorithm) {
        return switch (algorithm.family()) {
            case ML_DSA -> mlDsa;
            case SLH_DSA -> slhDsa;
            case ECDSA -> ecdsa;
            case EDDSA -> ed25519;
            case RSA_PKCS1, RSA_PSS, RSA_OAEP -> rsa;
            case ML_KEM -> mlKem;
        };
    }

    @Override
    public PrivateKeyBlob generate(Algorithm algorithm, SecureRandom random) {
        Objects.requireNonNull(random);
        try (CoseMap key = engine(algorithm).generate(algorithm, random)) {
            return new PrivateKeyBlob(algorithm, CoseCodec.encode(key));
        }
    }

    @Override
    public PrivateKeyBlob parsePrivate(byte[] cose, Set<Algorithm> allowed) throws CoseKeyException {
        try (CoseMap key = CoseKeyReader.decode(cose)) {
            Algorithm algorithm = CoseKeyReader.algorithm(key, allowed);
            CoseKeyShape shape = CoseKeyReader.checkShape(key, algorithm, true);
            engine(algorithm).check(algorithm, key);
            // Re-encode only the profile's labels (drops a kid): the stored form is canonical.
            try (CoseMap canonical = key.select(shape.privateKeyLabels())) {
                return new PrivateKeyBlob(algorithm, CoseCodec.encode(canonical));
            }
        }
    }

    @Override
    public byte[] publicCose(PrivateKeyBlob key) {
        try (CoseMap map = open(key); CoseMap pub = map.select(shape(key).publicKeyLabels())) {
            return CoseCodec.encode(pub);
        }
    }

    @Override
    public byte[] sign(PrivateKeyBlob key, byte[] digest, SecureRandom random) {
        Algorithm algorithm = key.algorithm();
        if (!algorithm.isSignature()) {
            throw new IllegalArgumentException(algorithm + " is not a signature algorithm");
        }
        if (digest == null || !SignDigest.hasLength(digest)) {
            throw new IllegalArgumentException("the digest must be 32 bytes (SHA3-256)");
        }
        try (CoseMap map = open(key)) {
            return engine(algorithm).sign(algorithm, map, digest, random);
        }
    }

    @Override
    public int ciphertextLength(PrivateKeyBlob key) {
        Algorithm algorithm = requireKem(key);
        if (algorithm.outputLength() != Algorithm.VARIABLE) {
            return algorithm.outputLength();
        }
        try (CoseMap map = open(key)) {
            return engine(algorithm).ciphertextLength(algorithm, map);
        }
    }

    @Override
    public byte[] decapsulate(PrivateKeyBlob key, byte[] ciphertext) throws DecapsulationException {
        Algorithm algorithm = requireKem(key);
        try (CoseMap map = open(key)) {
            return engine(algorithm).decapsulate(algorithm, map, ciphertext);
        }
    }

    private static Algorithm requireKem(PrivateKeyBlob key) {
        if (!key.algorithm().isKem()) {
            throw new IllegalArgumentException(key.algorithm() + " is not a KEM/encryption algorithm");
        }
        return key.algorithm();
    }

    private static CoseKeyShape shape(PrivateKeyBlob key) {
        return CoseKeyShape.of(key.algorithm().keyType());
    }

    /** Decodes a blob this engine produced; a failure means the store handed over a corrupt blob. */
    private static CoseMap open(PrivateKeyBlob key) {
        try {
            CoseMap map = CoseKeyReader.decode(key.cose());
            CoseKeyReader.checkShape(map, CoseKeyReader.algorithm(map, ALL), true);
            return map;
        } catch (CoseKeyException e) {
            throw new IllegalStateException("stored key blob is corrupt: " + e.getMessage());
        }
    }
}
