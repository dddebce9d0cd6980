package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.error.GenuineCheckException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;

/**
 * The card's manufacturer certificate (GET MANUFACTURER CERTIFICATE pages): an X.509 certificate
 * whose serial number is the card's serial number and whose key is the card's static P-256 key, the
 * key that signs each session key.
 */
public record ManufacturerCertificate(byte[] der, X509Certificate certificate) {
    public ManufacturerCertificate {
        der = der.clone();
    }

    static ManufacturerCertificate parse(byte[] der) throws GenuineCheckException {
        X509Certificate c;
        try {
            c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new GenuineCheckException("the card's manufacturer certificate is not a valid X.509 certificate", e);
        }
        if (!(c.getPublicKey() instanceof ECPublicKey k) || !isP256(k.getParams())) {
            throw new GenuineCheckException("the card's manufacturer certificate has no P-256 key");
        }
        return new ManufacturerCertificate(der, c);
    }

    private static boolean isP256(ECParameterSpec p) {
        return p.getCurve().getField().getFieldSize() == 256
                && p.getOrder().equals(io.pqrstuv.cryptnox.channel.P256.params().getOrder());
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    public BigInteger serialNumber() {
        return certificate.getSerialNumber();
    }

    /** The card's static key, which signs its session keys. */
    public ECPublicKey cardKey() {
        return (ECPublicKey) certificate.getPublicKey();
    }
}
