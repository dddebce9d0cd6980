package io.pqrstuv.qrng.emulator.device;

import java.security.Signature;
import java.util.Optional;

/** The QCicada's signing identity (notes §1.7–§1.10): device key, certificate, one-time programming. */
public interface Attestation {
    /** The device public key as X‖Y, 64 bytes (GET_DEV_PUB_KEY). */
    byte[] publicKey();

    /** The certificate (CA signature r‖s) GET_DEV_CERTIFICATE returns: the burned one, else a staged one. */
    Optional<byte[]> certificate();

    /** A fresh ECDSA P-256/SHA-256 signer in P1363 form, initialised with the device key. */
    Signature newSigner();

    /**
     * SET_DEV_CERTIFICATE: stages ({@code burn=false}, volatile) or burns ({@code burn=true}, one-time)
     * a certificate. Returns why it is refused, or empty when accepted.
     */
    Optional<String> program(byte[] certificate, boolean burn);

    /** A reboot forgets a staged certificate. */
    void reboot();
}
