package io.pqrstuv.icp.payload;

/** A request payload shorter than session + token + command (D-6: INVALID_SYNTAX). */
public final class ShortPayloadException extends Exception {
    public ShortPayloadException(int actual, int minimum) {
        super("request payload of " + actual + " bytes is shorter than " + minimum);
    }
}
