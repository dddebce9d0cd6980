package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.derivation.CardSignatures;
import io.pqrstuv.cryptnox.derivation.KeyType;
import java.util.HexFormat;

/** A public key read from the card: its curve and the 65-byte uncompressed point. */
public record CardPublicKey(KeyType type, byte[] uncompressed) {
    public CardPublicKey {
        if (uncompressed.length != 65 || uncompressed[0] != 4) {
            throw new IllegalArgumentException("not an uncompressed point");
        }
        uncompressed = uncompressed.clone();
        type.curve().getCurve().decodePoint(uncompressed); // throws when not on the curve
    }

    @Override
    public byte[] uncompressed() {
        return uncompressed.clone();
    }

    public byte[] compressed() {
        return CardSignatures.compress(type, uncompressed);
    }

    /** True when {@code der} is this key's signature of {@code hash}. */
    public boolean verify(byte[] hash, byte[] der) {
        return CardSignatures.verify(type, uncompressed, hash, der);
    }

    @Override
    public String toString() {
        return type + ":" + HexFormat.of().formatHex(compressed());
    }
}
