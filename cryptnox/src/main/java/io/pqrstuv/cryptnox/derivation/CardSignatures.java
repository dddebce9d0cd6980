package io.pqrstuv.cryptnox.derivation;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * Checks of the card's ECDSA signatures over a 32-byte hash (the card signs the hash it is given, it
 * does not hash): strict DER {@code SEQUENCE {r, s}}, verification on either curve, and the low-S
 * rule ({@code s ≤ n/2}) the card applies.
 */
public final class CardSignatures {
    private CardSignatures() {
    }

    /** {@code r} and {@code s} of a strict DER signature; throws on anything else. */
    public static BigInteger[] decode(byte[] der) {
        try {
            ASN1Primitive p = der.length == 0 ? null : ASN1Primitive.fromByteArray(der);
            ASN1Sequence seq = p == null ? null : ASN1Sequence.getInstance(p);
            if (seq == null || seq.size() != 2 || !java.util.Arrays.equals(p.getEncoded(ASN1Encoding.DER), der)) {
                throw new IllegalArgumentException("not a DER ECDSA signature");
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
            return new BigInteger[] {r, s};
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a DER ECDSA signature", e);
        }
    }

    /** True when {@code der} is a valid signature of {@code hash} by {@code publicKey} (33 or 65 bytes). */
    public static boolean verify(KeyType type, byte[] publicKey, byte[] hash, byte[] der) {
        BigInteger[] rs;
        try {
            rs = decode(der);
        } catch (IllegalArgumentException e) {
            return false;
        }
        BigInteger n = type.order();
        if (rs[0].signum() <= 0 || rs[1].signum() <= 0 || rs[0].compareTo(n) >= 0 || rs[1].compareTo(n) >= 0) {
            return false;
        }
        ECDSASigner v = new ECDSASigner();
        v.init(false, new ECPublicKeyParameters(type.curve().getCurve().decodePoint(publicKey), type.domain()));
        return v.verifySignature(hash, rs[0], rs[1]);
    }

    /** True when {@code s ≤ n/2}. */
    public static boolean isLowS(KeyType type, byte[] der) {
        return decode(der)[1].compareTo(type.order().shiftRight(1)) <= 0;
    }

    /** The compressed form of a 65-byte uncompressed point of {@code type}'s curve. */
    public static byte[] compress(KeyType type, byte[] uncompressed) {
        return type.curve().getCurve().decodePoint(uncompressed).getEncoded(true);
    }
}
