package io.pqrstuv.icp.payload;

/** A response payload that breaks the ICP response rules (D-49). */
public final class MalformedResponseException extends Exception {
    public MalformedResponseException(String message) {
        super(message);
    }
}
