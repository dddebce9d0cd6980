package io.pqrstuv.crypto.cose;

import static io.pqrstuv.crypto.cose.CoseLabels.ALG;
import static io.pqrstuv.crypto.cose.CoseLabels.KTY;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.CoseKeyException.Reason;
import io.pqrstuv.icp.alg.Algorithm;
import java.util.Set;

/**
 * The structural checks of D-18/D-19, in their order: CBOR map → alg listed → kty and labels.
 * Size and consistency checks belong to the algorithm engines.
 */
public final class CoseKeyReader {
    private CoseKeyReader() {
    }

    /** Strictly decodes {@code cbor}; any CBOR problem is SYNTAX. */
    public static CoseMap decode(byte[] cbor) throws CoseKeyException {
        try {
            return CoseCodec.decode(cbor);
        } catch (CborFormatException e) {
            throw new CoseKeyException(Reason.SYNTAX, e.getMessage());
        }
    }

    /** Label 3 as an algorithm of {@code allowed}, else ALGORITHM_NOT_LISTED. */
    public static Algorithm algorithm(CoseMap key, Set<Algorithm> allowed) throws CoseKeyException {
        Long id = key.integer(ALG).orElseThrow(
                () -> new CoseKeyException(Reason.ALGORITHM_NOT_LISTED, "alg (label 3) is absent or not an integer"));
        Algorithm algorithm = id < Integer.MIN_VALUE || id > Integer.MAX_VALUE
                ? null
                : Algorithm.byCoseId(id.intValue()).orElse(null);
        if (algorithm == null || !allowed.contains(algorithm)) {
            throw new CoseKeyException(Reason.ALGORITHM_NOT_LISTED, "alg " + id + " is not an available cryptosystem");
        }
        return algorithm;
    }

    /**
     * kty matches the algorithm, every label is known for the key type with the right CBOR type, and
     * every required label is present (private labels too if {@code privateKey}; absent if public).
     */
    public static CoseKeyShape checkShape(CoseMap key, Algorithm algorithm, boolean privateKey) throws CoseKeyException {
        CoseKeyShape shape = CoseKeyShape.of(algorithm.keyType());
        long kty = key.integer(KTY).orElseThrow(() -> syntax("kty (label 1) is absent or not an integer"));
        if (kty != shape.ktyValue()) {
            throw syntax("kty " + kty + " does not match " + algorithm.displayName());
        }
        for (int label : key.labels()) {
            if (!shape.allows(label)) {
                throw syntax("label " + label + " is not used by a " + shape + " key");
            }
            boolean typed = shape.isIntegerLabel(label) ? key.integer(label).isPresent() : key.bytes(label).isPresent();
            if (!typed) {
                throw syntax("label " + label + " has the wrong value type");
            }
        }
        int[] required = privateKey ? shape.privateKeyLabels() : shape.publicKeyLabels();
        for (int label : required) {
            if (!key.has(label)) {
                throw syntax("required label " + label + " is missing");
            }
        }
        if (!privateKey) {
            for (int label : shape.privateKeyLabels()) {
                if (key.has(label) && !contains(shape.publicKeyLabels(), label)) {
                    throw syntax("a public key must not carry private label " + label);
                }
            }
        }
        return shape;
    }

    private static boolean contains(int[] labels, int label) {
        for (int l : labels) {
            if (l == label) {
                return true;
            }
        }
        return false;
    }

    private static CoseKeyException syntax(String message) {
        return new CoseKeyException(Reason.SYNTAX, message);
    }
}
