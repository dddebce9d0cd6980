package io.pqrstuv.client.jca;

import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;

/**
 * KeyStore hands out public keys only inside certificates; the device has keys, not certificates.
 * This carrier exposes the public key; it cannot be verified and encodes as the SubjectPublicKeyInfo.
 */
public final class PublicKeyCertificate extends Certificate {
    private static final long serialVersionUID = 1L;
    public static final String TYPE = "PQRSTUV-PUBLIC-KEY";
    private final PublicKey key;

    PublicKeyCertificate(PublicKey key) {
        super(TYPE);
        this.key = key;
    }

    @Override
    public byte[] getEncoded() {
        return key.getEncoded();
    }

    @Override
    public void verify(PublicKey key) throws CertificateException {
        throw new CertificateException("a bare device public key carries no signature to verify");
    }

    @Override
    public void verify(PublicKey key, String sigProvider) throws CertificateException {
        verify(key);
    }

    @Override
    public PublicKey getPublicKey() {
        return key;
    }

    @Override
    public String toString() {
        return "PublicKeyCertificate[" + key.getAlgorithm() + "]";
    }
}
