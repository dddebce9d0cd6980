package io.pqrstuv.qrng.emulator;

/**
 * What a one-shot (or signed) read asks for more than {@code ready_bytes} gets (notes §1.4: the
 * sources disagree).
 */
public enum OneShotPolicy {
    /** ACK, the ready bytes at once, the rest as it is generated (default; what the SDK's author saw). */
    STREAM,
    /** NACK, as the C README's "limited by the currently available bytes" reads. */
    NACK
}
