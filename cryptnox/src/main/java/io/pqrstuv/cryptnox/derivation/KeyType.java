package io.pqrstuv.cryptnox.derivation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/**
 * The card's two key trees: secp256k1 with BIP32 ({@code K1}) and P-256 with SLIP-10 ({@code R1}).
 * {@link #p1Bit()} is the curve bit of the P1 byte in DERIVE, GET PUBKEY and SIGN.
 */
public enum KeyType {
    K1(0x00, "secp256k1", "Bitcoin seed"),
    R1(0x10, "secp256r1", "Nist256p1 seed");

    private final int p1Bit;
    private final String curveName;
    private final byte[] hmacKey;
    private final X9ECParameters curve;

    KeyType(int p1Bit, String curveName, String hmacKey) {
        this.p1Bit = p1Bit;
        this.curveName = curveName;
        this.hmacKey = hmacKey.getBytes(StandardCharsets.US_ASCII);
        this.curve = CustomNamedCurves.getByName(curveName);
    }

    public int p1Bit() {
        return p1Bit;
    }

    public String curveName() {
        return curveName;
    }

    /** The key of the master-node HMAC-SHA512 (BIP32 / SLIP-10). */
    byte[] hmacKey() {
        return hmacKey.clone();
    }

    public X9ECParameters curve() {
        return curve;
    }

    public ECDomainParameters domain() {
        return new ECDomainParameters(curve);
    }

    public BigInteger order() {
        return curve.getN();
    }

    /** "k1"/"r1" as the CLI spells them, or the curve names. */
    public static KeyType parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "k1", "secp256k1" -> K1;
            case "r1", "p256", "p-256", "secp256r1", "prime256v1" -> R1;
            default -> throw new IllegalArgumentException("unknown curve '" + s + "': use k1 (secp256k1) or r1 (P-256)");
        };
    }
}
