package io.pqrstuv.crypto.der;

import io.pqrstuv.icp.alg.Algorithm;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The PKCS#8 form in which the JDK 25 KeyFactory takes an ML-DSA or ML-KEM private key, built by
 * hand into one array so the caller can zeroize every copy it produced.
 *
 * <p>Measured on Temurin 25.0.3: the JDK rejects the RFC 9881/9935 {@code [0]} seed ("DER input not
 * an octet string") and only signs/decapsulates with the expanded key, which it reads as
 * {@code OCTET STRING { OCTET STRING expandedKey }} (its own export format). So the engines expand
 * the seed with BC and hand the JDK this form. Parsing PKCS#8 from outside follows the RFC CHOICE.
 */
public final class JdkPkcs8 {
    private JdkPkcs8() {
    }

    /** PrivateKeyInfo v1 { 0, AlgorithmIdentifier { oid }, OCTET STRING { OCTET STRING expandedKey } }. */
    public static byte[] expanded(Algorithm algorithm, byte[] expandedKey) {
        byte[] oid;
        try {
            oid = Oids.ofAkp(algorithm).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int inner = tlvLength(expandedKey.length);
        int octet = tlvLength(inner);
        int algId = tlvLength(oid.length);
        int body = 3 + algId + octet;
        byte[] out = new byte[tlvLength(body)];
        int i = header(out, 0, 0x30, body);
        out[i++] = 0x02;
        out[i++] = 0x01;
        out[i++] = 0x00;
        i = header(out, i, 0x30, oid.length);
        System.arraycopy(oid, 0, out, i, oid.length);
        i += oid.length;
        i = header(out, i, 0x04, inner);
        i = header(out, i, 0x04, expandedKey.length);
        System.arraycopy(expandedKey, 0, out, i, expandedKey.length);
        return out;
    }

    /** PKCS#8 v1 of P-256 up to the private scalar (RFC 5915 ECPrivateKey v1, no optional fields). */
    private static final byte[] P256_PREFIX = {
        0x30, 0x41, 0x02, 0x01, 0x00,
        0x30, 0x13, 0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01,
        0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07,
        0x04, 0x27, 0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20};

    /**
     * PrivateKeyInfo { 0, id-ecPublicKey/prime256v1, OCTET STRING { ECPrivateKey { 1, d } } }: the
     * form in which the JDK builds its EC key straight from the octets. Through
     * {@code ECPrivateKeySpec} it would go through a {@code BigInteger} (kept in the key) and an
     * unwiped little-endian temporary (measured, docs/security.md). The caller wipes the result.
     */
    public static byte[] p256(byte[] d) {
        if (d.length != 32) {
            throw new IllegalArgumentException("a P-256 scalar is 32 bytes");
        }
        byte[] out = java.util.Arrays.copyOf(P256_PREFIX, P256_PREFIX.length + 32);
        System.arraycopy(d, 0, out, P256_PREFIX.length, 32);
        return out;
    }

    private static int tlvLength(int contentLength) {
        return 1 + lengthOfLength(contentLength) + contentLength;
    }

    private static int lengthOfLength(int length) {
        if (length < 0x80) {
            return 1;
        }
        return length <= 0xFF ? 2 : length <= 0xFFFF ? 3 : 4;
    }

    private static int header(byte[] out, int i, int tag, int length) {
        out[i++] = (byte) tag;
        int lol = lengthOfLength(length);
        if (lol == 1) {
            out[i++] = (byte) length;
            return i;
        }
        out[i++] = (byte) (0x80 | (lol - 1));
        for (int shift = 8 * (lol - 2); shift >= 0; shift -= 8) {
            out[i++] = (byte) (length >> shift);
        }
        return i;
    }
}
