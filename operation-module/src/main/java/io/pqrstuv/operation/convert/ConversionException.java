package io.pqrstuv.operation.convert;

/** A storage-module reply that cannot be converted for ECP (D-27: HTTP 500). */
public final class ConversionException extends Exception {
    public ConversionException(String message) {
        super(message);
    }
}
