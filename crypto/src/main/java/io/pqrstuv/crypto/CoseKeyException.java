package io.pqrstuv.crypto;

/** A COSE_Key that cannot be accepted, with the reason mapped to the ICP code of D-18/D-19. */
public final class CoseKeyException extends Exception {
    public enum Reason {
        /** Not a well-formed CBOR map, or a required label is missing: INVALID_SYNTAX. */
        SYNTAX,
        /** Label 3 (alg) is absent or not an algorithm of the profile: CMD_FAIL. */
        ALGORITHM_NOT_LISTED,
        /** Wrong sizes, kty/crv inconsistent with alg, a point off the curve, pub not matching priv: CRYPTO_KEY_MISMATCH. */
        MISMATCH
    }

    private final Reason reason;

    public CoseKeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
