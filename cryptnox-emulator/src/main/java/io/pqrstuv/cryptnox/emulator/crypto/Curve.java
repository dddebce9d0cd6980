package io.pqrstuv.cryptnox.emulator.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The two curves of the card: secp256k1 (the BIP32 "k1" tree) and secp256r1 / P-256 (the SLIP-10
 * "r1" tree, the session, static and INIT keys, user keys). Bouncy Castle's curve classes do the
 * arithmetic; nothing here handles big numbers beyond range checks.
 */
public enum Curve {
    SECP256K1("secp256k1", "Bitcoin seed"),
    SECP256R1("secp256r1", "Nist256p1 seed");

    private final X9ECParameters x9;
    private final ECDomainParameters domain;
    private final byte[] hmacKey;
    private final BigInteger halfOrder;

    Curve(String name, String hmacKey) {
        this.x9 = CustomNamedCurves.getByName(name);
        this.domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
        this.hmacKey = hmacKey.getBytes(StandardCharsets.US_ASCII);
        this.halfOrder = x9.getN().shiftRight(1);
    }

    public ECDomainParameters domain() {
        return domain;
    }

    public BigInteger order() {
        return x9.getN();
    }

    BigInteger halfOrder() {
        return halfOrder;
    }

    /** The HMAC-SHA512 key of the master-node derivation (BIP32 / SLIP-10). */
    byte[] seedKey() {
        return hmacKey.clone();
    }

    /** Whether a 32-byte big-endian scalar is a valid private key: 0 &lt; d &lt; n. */
    public boolean isValidScalar(byte[] d) {
        BigInteger v = new BigInteger(1, d);
        return v.signum() > 0 && v.compareTo(order()) < 0;
    }

    /** d·G, normalised. */
    public ECPoint publicPoint(byte[] privateKey) {
        return new FixedPointCombMultiplier().multiply(domain.getG(), new BigInteger(1, privateKey)).normalize();
    }

    /** The 65-byte uncompressed point 04 ‖ X ‖ Y of d·G. */
    public byte[] publicKey(byte[] privateKey) {
        return publicPoint(privateKey).getEncoded(false);
    }

    /** The 33-byte compressed point of d·G. */
    public byte[] compressedPublicKey(byte[] privateKey) {
        return publicPoint(privateKey).getEncoded(true);
    }

    /**
     * Decodes a 65-byte uncompressed point and checks that it lies on the curve and is not the
     * point at infinity.
     *
     * @throws IllegalArgumentException if it is not such a point
     */
    public ECPoint decodeUncompressed(byte[] encoded) {
        if (encoded.length != 65 || encoded[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed point");
        }
        ECPoint p = domain.getCurve().decodePoint(encoded).normalize();
        if (p.isInfinity() || !p.isValid()) {
            throw new IllegalArgumentException("not a point of " + name());
        }
        return p;
    }

    /** Raw ECDH: the 32-byte X coordinate of d·Q (no hash, no KDF). */
    public byte[] ecdhX(byte[] privateKey, ECPoint peer) {
        ECPoint s = peer.multiply(new BigInteger(1, privateKey)).normalize();
        if (s.isInfinity()) {
            throw new IllegalArgumentException("degenerate ECDH result");
        }
        return s.getAffineXCoord().getEncoded();
    }

    /** 32 big-endian bytes of a scalar below the order. */
    static byte[] scalarBytes(BigInteger v) {
        byte[] raw = v.toByteArray();
        if (raw.length == 32) {
            return raw;
        }
        byte[] out = new byte[32];
        if (raw.length > 32) {
            System.arraycopy(raw, raw.length - 32, out, 0, 32);
        } else {
            System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
        }
        Arrays.fill(raw, (byte) 0);
        return out;
    }
}
