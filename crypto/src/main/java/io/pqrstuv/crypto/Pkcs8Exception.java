package io.pqrstuv.crypto;

/** A DER key that /import cannot take (D-22): DECODE → HTTP 417, UNSUPPORTED → HTTP 400. */
public final class Pkcs8Exception extends Exception {
    public enum Reason { DECODE, UNSUPPORTED }

    private final Reason reason;

    public Pkcs8Exception(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
