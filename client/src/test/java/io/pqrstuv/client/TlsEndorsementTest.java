package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.icp.alg.Algorithm;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/** D-31 endorsements, built here the way the operation module describes them. */
class TlsEndorsementTest {
    private static final byte[] ID = new byte[16];

    private static X509Certificate certificate(KeyPair tls, KeyPair csrKey, KeyPair hsm, boolean tamper, byte[] extOverride)
            throws Exception {
        X500Name dn = new X500Name("CN=hsm.example.org");
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(dn, csrKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(csrKey.getPrivate())).getEncoded();
        Signature s = Signature.getInstance("ML-DSA");
        s.initSign(hsm.getPrivate());
        s.update(DeviceSignatures.sha3(csr));
        byte[] sig = s.sign();
        if (tamper) {
            sig[10] ^= 1;
        }
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new DEROctetString(ID));
        v.add(new DEROctetString(csr));
        v.add(new DEROctetString(sig));
        byte[] ext = extOverride != null ? extOverride : new DERSequence(v).getEncoded();
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(dn, BigInteger.TEN, Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(86400)), dn, tls.getPublic());
        b.addExtension(new ASN1ObjectIdentifier(TlsEndorsement.OID), false, ext);
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(tls.getPrivate())));
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void endorsedCertificateVerifies() throws Exception {
        KeyPair tls = p256();
        KeyPair hsm = KeyPairGenerator.getInstance("ML-DSA-44").generateKeyPair();
        DeviceKey key = new DeviceKey(new KeyId(ID), Algorithm.ML_DSA_44, hsm.getPublic().getEncoded());
        assertThat(TlsEndorsement.verify(certificate(tls, tls, hsm, false, null), key)).isTrue();
        // a tampered signature, a CSR for another key, another HSM key, another key id: all refused
        assertThat(TlsEndorsement.verify(certificate(tls, tls, hsm, true, null), key)).isFalse();
        assertThat(TlsEndorsement.verify(certificate(tls, p256(), hsm, false, null), key)).isFalse();
        KeyPair other = KeyPairGenerator.getInstance("ML-DSA-44").generateKeyPair();
        assertThat(TlsEndorsement.verify(certificate(tls, tls, other, false, null), key)).isFalse();
        byte[] otherId = new byte[16];
        otherId[0] = 1;
        assertThat(TlsEndorsement.verify(certificate(tls, tls, hsm, false, null),
                new DeviceKey(new KeyId(otherId), Algorithm.ML_DSA_44, hsm.getPublic().getEncoded()))).isFalse();
    }

    @Test
    void missingOrMalformedExtension() throws Exception {
        assertThat(TlsEndorsement.read(TestTls.selfSigned(p256(), "CN=x", Instant.now().minusSeconds(5),
                Instant.now().plusSeconds(60)))).isEmpty();
        KeyPair tls = p256();
        KeyPair hsm = KeyPairGenerator.getInstance("ML-DSA-44").generateKeyPair();
        byte[] twoFields = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            new DEROctetString(ID), new DEROctetString(new byte[1])}).getEncoded();
        assertThatThrownBy(() -> TlsEndorsement.read(certificate(tls, tls, hsm, false, twoFields)))
                .isInstanceOf(CertificateParsingException.class);
        byte[] shortId = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            new DEROctetString(new byte[3]), new DEROctetString(new byte[1]), new DEROctetString(new byte[1])}).getEncoded();
        assertThatThrownBy(() -> TlsEndorsement.read(certificate(tls, tls, hsm, false, shortId)))
                .isInstanceOf(CertificateParsingException.class);
        byte[] notACsr = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            new DEROctetString(ID), new DEROctetString(new byte[] {1, 2, 3}), new DEROctetString(new byte[1])}).getEncoded();
        DeviceKey key = new DeviceKey(new KeyId(ID), Algorithm.ML_DSA_44, hsm.getPublic().getEncoded());
        assertThatThrownBy(() -> TlsEndorsement.verify(certificate(tls, tls, hsm, false, notACsr), key))
                .isInstanceOf(CertificateParsingException.class);
    }
}
