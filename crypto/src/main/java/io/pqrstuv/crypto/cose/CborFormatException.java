package io.pqrstuv.crypto.cose;

/** Input that is not a strictly deterministic CBOR map of the COSE_Key shape. */
public final class CborFormatException extends Exception {
    public CborFormatException(String message) {
        super(message);
    }
}
