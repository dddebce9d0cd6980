package io.pqrstuv.operation.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * The HSM endorsement extension of a renewed certificate (D-31 step 3):
 * {@code PqrstuvEndorsement ::= SEQUENCE { keyId OCTET STRING, csr OCTET STRING, signature OCTET STRING }}.
 */
public final class Endorsement {
    public static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier("2.25.186034520692271785355095200600979726708");

    private Endorsement() {
    }

    public static byte[] encode(byte[] keyId, byte[] csrDer, byte[] signature) {
        try {
            return new DERSequence(new ASN1Encodable[] {
                new DEROctetString(keyId), new DEROctetString(csrDer), new DEROctetString(signature)
            }).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
