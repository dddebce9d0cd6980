package io.pqrstuv.cryptnox.card;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates shaped like a card's manufacturer certificate (v3, no extensions, ECDSA-SHA256). */
public final class TestCertificates {
    private TestCertificates() {
    }

    public static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public static X509Certificate issue(KeyPair issuer, java.security.PublicKey subject, long serial) throws Exception {
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=Test Cryptnox CA"), BigInteger.valueOf(serial),
                new Date(System.currentTimeMillis() - 86_400_000L), new Date(System.currentTimeMillis() + 86_400_000L * 3650),
                new X500Name("CN=card " + serial), subject);
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }
}
