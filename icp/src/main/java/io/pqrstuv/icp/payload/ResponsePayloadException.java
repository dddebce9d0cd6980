package io.pqrstuv.icp.payload;

/** A response payload that breaks the ICP response rules (D-49). */
public final class ResponsePayloadException extends Exception {
    public ResponsePayloadException(String message) {
        super(message);
    }
}
