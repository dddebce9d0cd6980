package io.pqrstuv.icp.alg;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The device's algorithm profile (notes §3.3): COSE id, name, what it does, its COSE key type
 * and fixed sizes. The single source of truth for every module.
 *
 * <p>Sizes are in bytes; {@link #VARIABLE} where they depend on the key (RSA).
 */
public enum Algorithm {
    ML_DSA_87(-50, "ML-DSA-87", Family.ML_DSA, 2592, 4627),
    ML_DSA_65(-49, "ML-DSA-65", Family.ML_DSA, 1952, 3309),
    ML_DSA_44(-48, "ML-DSA-44", Family.ML_DSA, 1312, 2420),
    SLH_DSA_SHAKE_256F(-65551, "SLH-DSA-SHAKE-256f", Family.SLH_DSA, 64, 49856),
    SLH_DSA_SHAKE_256S(-65550, "SLH-DSA-SHAKE-256s", Family.SLH_DSA, 64, 29792),
    SLH_DSA_SHAKE_192F(-65549, "SLH-DSA-SHAKE-192f", Family.SLH_DSA, 48, 35664),
    SLH_DSA_SHAKE_192S(-65548, "SLH-DSA-SHAKE-192s", Family.SLH_DSA, 48, 16224),
    SLH_DSA_SHAKE_128F(-65547, "SLH-DSA-SHAKE-128f", Family.SLH_DSA, 32, 17088),
    SLH_DSA_SHAKE_128S(-65546, "SLH-DSA-SHAKE-128s", Family.SLH_DSA, 32, 7856),
    SLH_DSA_SHA2_256F(-65545, "SLH-DSA-SHA2-256f", Family.SLH_DSA, 64, 49856),
    SLH_DSA_SHA2_256S(-65544, "SLH-DSA-SHA2-256s", Family.SLH_DSA, 64, 29792),
    SLH_DSA_SHA2_192F(-65543, "SLH-DSA-SHA2-192f", Family.SLH_DSA, 48, 35664),
    SLH_DSA_SHA2_192S(-65542, "SLH-DSA-SHA2-192s", Family.SLH_DSA, 48, 16224),
    SLH_DSA_SHA2_128F(-65541, "SLH-DSA-SHA2-128f", Family.SLH_DSA, 32, 17088),
    SLH_DSA_SHA2_128S(-65540, "SLH-DSA-SHA2-128s", Family.SLH_DSA, 32, 7856),
    RS256(-257, "RS256", Family.RSA_PKCS1, Sizes.BY_KEY, Sizes.BY_KEY),
    PS256(-37, "PS256", Family.RSA_PSS, Sizes.BY_KEY, Sizes.BY_KEY),
    ED25519(-19, "Ed25519", Family.EDDSA, 32, 64),
    ES256(-7, "ES256", Family.ECDSA, 64, 64),
    ML_KEM_1024(-65539, "ML-KEM-1024", Family.ML_KEM, 1568, 1568),
    ML_KEM_768(-65538, "ML-KEM-768", Family.ML_KEM, 1184, 1088),
    ML_KEM_512(-65537, "ML-KEM-512", Family.ML_KEM, 800, 768),
    RSA_OAEP_512(-42, "RSA-OAEP-512", Family.RSA_OAEP, Sizes.BY_KEY, Sizes.BY_KEY),
    RSA_OAEP_256(-41, "RSA-OAEP-256", Family.RSA_OAEP, Sizes.BY_KEY, Sizes.BY_KEY);

    /** Marks a size fixed by the key rather than by the algorithm. */
    public static final int VARIABLE = -1;

    /** COSE id of the token hash (SHA-256, D-9/D-16). */
    public static final int TOKEN_HASH_ALGO = -16;

    /** Signature algorithms or KEM/encryption algorithms. */
    public enum Kind { SIGNATURE, KEM }

    /** COSE key types used by the profile (RFC 9053, RFC 9964). */
    public enum KeyType {
        OKP(1), EC2(2), RSA(3), AKP(7);

        private final int coseValue;

        KeyType(int coseValue) {
            this.coseValue = coseValue;
        }

        public int coseValue() {
            return coseValue;
        }
    }

    /** Algorithm families: one implementation each in the crypto engine. */
    public enum Family {
        ML_DSA(Kind.SIGNATURE, KeyType.AKP),
        SLH_DSA(Kind.SIGNATURE, KeyType.AKP),
        ECDSA(Kind.SIGNATURE, KeyType.EC2),
        EDDSA(Kind.SIGNATURE, KeyType.OKP),
        RSA_PKCS1(Kind.SIGNATURE, KeyType.RSA),
        RSA_PSS(Kind.SIGNATURE, KeyType.RSA),
        ML_KEM(Kind.KEM, KeyType.AKP),
        RSA_OAEP(Kind.KEM, KeyType.RSA);

        private final Kind kind;
        private final KeyType keyType;

        Family(Kind kind, KeyType keyType) {
            this.kind = kind;
            this.keyType = keyType;
        }

        public Kind kind() {
            return kind;
        }

        public KeyType keyType() {
            return keyType;
        }
    }

    /** Holder: enum constants cannot name {@link #VARIABLE} (a forward reference). */
    private static final class Sizes {
        static final int BY_KEY = -1;
    }

    private static final Map<Integer, Algorithm> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Algorithm::coseId, Function.identity()));
    private static final Map<String, Algorithm> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(a -> a.name.toLowerCase(Locale.ROOT), Function.identity()));

    /** GET_INFO available_cryptosystems, in the order of notes §3.3 (PQ first, signatures then KEMs). */
    public static final List<Algorithm> PROFILE = List.of(values());

    private final int coseId;
    private final String name;
    private final Family family;
    private final int publicKeyLength;
    private final int outputLength;

    Algorithm(int coseId, String name, Family family, int publicKeyLength, int outputLength) {
        this.coseId = coseId;
        this.name = name;
        this.family = family;
        this.publicKeyLength = publicKeyLength;
        this.outputLength = outputLength;
    }

    public int coseId() {
        return coseId;
    }

    /** Display and lookup name, e.g. {@code ML-DSA-65}, {@code SLH-DSA-SHA2-128s}, {@code ES256}. */
    public String displayName() {
        return name;
    }

    public Family family() {
        return family;
    }

    public Kind kind() {
        return family.kind;
    }

    public KeyType keyType() {
        return family.keyType;
    }

    public boolean isSignature() {
        return family.kind == Kind.SIGNATURE;
    }

    public boolean isKem() {
        return family.kind == Kind.KEM;
    }

    /** Raw public key bytes (AKP {@code pub}, EC x‖y, OKP x), or {@link #VARIABLE} for RSA. */
    public int publicKeyLength() {
        return publicKeyLength;
    }

    /** Signature length, or KEM ciphertext length; {@link #VARIABLE} for RSA. */
    public int outputLength() {
        return outputLength;
    }

    public static Optional<Algorithm> byCoseId(int id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** Looks up by display name, case-insensitively, or by a decimal COSE id ("-49"). */
    public static Optional<Algorithm> parse(String nameOrId) {
        String s = nameOrId.strip();
        Algorithm byName = BY_NAME.get(s.toLowerCase(Locale.ROOT));
        if (byName != null) {
            return Optional.of(byName);
        }
        try {
            return byCoseId(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name + " (" + coseId + ")";
    }
}
