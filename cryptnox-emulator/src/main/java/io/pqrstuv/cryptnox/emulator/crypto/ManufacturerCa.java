package io.pqrstuv.cryptnox.emulator.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

/**
 * The emulator's "manufacturer CA": it issues each emulated card's manufacturer certificate, as
 * Cryptnox's CA does for real cards. Its P-256 key is fixed and public on purpose (derived from a
 * published label, printed in docs/cryptnox-emulator.md): an emulated card must never pass for a
 * genuine one, so the library's origin check answers FAKE online (no Cryptnox key verifies it) and
 * UNKNOWN offline, exactly as for any non-Cryptnox card; and anyone can recognise an emulated card
 * by checking its certificate against this key.
 *
 * <p>The certificate is shaped for every parser of notes §2.3: X.509 v3, an 8-byte positive serial
 * (the card serial number), a prime256v1 SPKI holding the card's static key, ECDSA with SHA-256,
 * no extensions, longer than 255 bytes (so the outer header is {@code 30 82 LL LL}).
 */
public final class ManufacturerCa {
    /** The label whose SHA-256 is the CA's private scalar. */
    public static final String KEY_LABEL = "pqrstuv Cryptnox emulator manufacturer CA, key 1";
    public static final X500Name ISSUER =
            new X500Name("CN=pqrstuv Cryptnox emulator manufacturer CA,O=pqrstuv (emulated cards; not Cryptnox SA)");

    private static final byte[] CA_KEY = Hashes.sha256(KEY_LABEL.getBytes(StandardCharsets.US_ASCII));

    private ManufacturerCa() {
    }

    /** The CA's public key, 04 ‖ X ‖ Y. */
    public static byte[] publicKey() {
        return Curve.SECP256R1.publicKey(CA_KEY);
    }

    /**
     * Issues a card's manufacturer certificate.
     *
     * @param serial          8 bytes, first byte 01..7F (positive, minimal DER, as the library's
     *                        fallback parser expects)
     * @param cardPublicKey   the card's static P-256 key, 65 bytes uncompressed
     */
    public static byte[] issue(byte[] serial, byte[] cardPublicKey, Instant notBefore) {
        if (serial.length != 8 || serial[0] <= 0) {
            throw new IllegalArgumentException("serial must be 8 bytes with a first byte in 01..7F");
        }
        Curve.SECP256R1.decodeUncompressed(cardPublicKey);
        BigInteger sn = new BigInteger(1, serial);
        X500Name subject = new X500Name("CN=Cryptnox card (emulated) " + String.format("%016X", sn)
                + ",O=pqrstuv cryptnox-emulator");
        SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
                cardPublicKey);
        ZonedDateTime from = notBefore.atZone(ZoneOffset.UTC).withNano(0);
        Date notAfter = Date.from(ZonedDateTime.of(2049, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC).toInstant());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(ISSUER, sn, Date.from(from.toInstant()),
                notAfter, subject, spki);
        try {
            AlgorithmIdentifier sigAlg = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digAlg = new DefaultDigestAlgorithmIdentifierFinder().find(sigAlg);
            ContentSigner signer = new BcECContentSignerBuilder(sigAlg, digAlg)
                    .build(new ECPrivateKeyParameters(new BigInteger(1, CA_KEY), Curve.SECP256R1.domain()));
            return builder.build(signer).getEncoded();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("ECDSA content signer unavailable", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
