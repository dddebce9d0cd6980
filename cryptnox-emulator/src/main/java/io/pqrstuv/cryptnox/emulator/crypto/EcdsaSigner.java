package io.pqrstuv.cryptnox.emulator.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ECDSA as the card does it: a random k (the applet does not use RFC 6979), s normalised to the
 * lower half of the order, DER {@code SEQUENCE {r, s}}. The hash is signed as given (the card
 * never hashes for SIGN). Optionally the EOSIO "canonical" filter: signing is repeated until both r
 * and s encode in 32 bytes with the top bit clear and no redundant leading zero.
 */
public final class EcdsaSigner {
    private final SecureRandom random;

    public EcdsaSigner(SecureRandom random) {
        this.random = random;
    }

    public byte[] sign(Curve curve, byte[] privateKey, byte[] hash, boolean eosCanonical) {
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(
                new ECPrivateKeyParameters(new BigInteger(1, privateKey), curve.domain()), random));
        while (true) {
            BigInteger[] rs = signer.generateSignature(hash);
            BigInteger r = rs[0];
            BigInteger s = rs[1];
            if (s.compareTo(curve.halfOrder()) > 0) {
                s = curve.order().subtract(s);
            }
            if (!eosCanonical || (isEosCanonical(r) && isEosCanonical(s))) {
                return der(r, s);
            }
        }
    }

    /** The EOSIO rule on one 32-byte component: top bit clear, and not 00 followed by a clear bit. */
    static boolean isEosCanonical(BigInteger v) {
        byte[] b = Curve.scalarBytes(v);
        return (b[0] & 0x80) == 0 && !(b[0] == 0 && (b[1] & 0x80) == 0);
    }

    static byte[] der(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
