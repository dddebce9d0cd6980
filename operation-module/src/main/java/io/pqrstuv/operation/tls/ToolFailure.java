package io.pqrstuv.operation.tls;

/** An openssl (or other tool) subprocess failed; /renew_tls answers 500 (D-27). */
public final class ToolFailure extends Exception {
    public ToolFailure(String message) {
        super(message);
    }

    public ToolFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
