package io.pqrstuv.client;

import io.pqrstuv.client.keys.DeviceSignatures;
import java.security.InvalidKeyException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.CertificationRequest;

/**
 * The HSM endorsement a /renew_tls certificate carries (D-31): extension
 * 2.25.186034520692271785355095200600979726708 = SEQUENCE { keyId OCTET STRING (16), csr OCTET
 * STRING, signature OCTET STRING }. A certificate is endorsed by a device key when the CSR's public
 * key is the certificate's and the device signature over SHA3-256(CSR) verifies (notes §3.6). This
 * lets a client accept a renewed certificate because the HSM vouched for it, not blindly.
 */
public final class TlsEndorsement {
    public static final String OID = "2.25.186034520692271785355095200600979726708";

    /** The parsed extension. */
    public record Endorsement(KeyId keyId, byte[] csr, byte[] signature) {
        public Endorsement {
            csr = csr.clone();
            signature = signature.clone();
        }

        @Override
        public byte[] csr() {
            return csr.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    private TlsEndorsement() {
    }

    /** The endorsement, or empty for a certificate without one (e.g. the first-start certificate). */
    public static Optional<Endorsement> read(X509Certificate cert) throws CertificateParsingException {
        byte[] ext = cert.getExtensionValue(OID);
        if (ext == null) {
            return Optional.empty();
        }
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1OctetString.getInstance(ext).getOctets());
            if (seq.size() != 3) {
                throw new CertificateParsingException("endorsement: expected 3 fields");
            }
            byte[] id = ASN1OctetString.getInstance(seq.getObjectAt(0)).getOctets();
            byte[] csr = ASN1OctetString.getInstance(seq.getObjectAt(1)).getOctets();
            byte[] sig = ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets();
            if (id.length != 16) {
                throw new CertificateParsingException("endorsement: key id is not 16 bytes");
            }
            return Optional.of(new Endorsement(new KeyId(id), csr, sig));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CertificateParsingException("endorsement extension is not well-formed DER", e);
        }
    }

    /** True when {@code cert} is endorsed by the device key {@code key} (its id, CSR and signature all match). */
    public static boolean verify(X509Certificate cert, DeviceKey key) throws CertificateParsingException, InvalidKeyException {
        Optional<Endorsement> e = read(cert);
        if (e.isEmpty() || !e.get().keyId().equals(key.id())) {
            return false;
        }
        byte[] csrSpki;
        try {
            csrSpki = CertificationRequest.getInstance(e.get().csr()).getCertificationRequestInfo()
                    .getSubjectPublicKeyInfo().getEncoded("DER");
        } catch (java.io.IOException | IllegalArgumentException | IllegalStateException | NullPointerException ex) {
            throw new CertificateParsingException("endorsement: the CSR is not a PKCS#10 request", ex);
        }
        if (!Arrays.equals(csrSpki, cert.getPublicKey().getEncoded())) {
            return false;
        }
        return DeviceSignatures.verifyDocument(key.algorithm(), key.publicKey(), e.get().csr(), e.get().signature());
    }
}
