package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.channel.P256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/**
 * A registered user key as READ DATA answers it (P1 = slot): the 64-byte description the owner gave
 * (ASCII, zero padded) and the public key, as a JCA key.
 */
public record UserKeyInfo(UserKeySlot slot, String description, PublicKey publicKey) {
    public static final int DESCRIPTION_BYTES = 64;

    /** Parses {@code description (64) ‖ key}; throws {@link IllegalArgumentException} on anything else. */
    static UserKeyInfo parse(UserKeySlot slot, byte[] d) {
        if (d.length != DESCRIPTION_BYTES + slot.keyLength()) {
            throw new IllegalArgumentException("a " + slot.displayName() + " user key entry has "
                    + (DESCRIPTION_BYTES + slot.keyLength()) + " bytes, not " + d.length);
        }
        int end = DESCRIPTION_BYTES;
        while (end > 0 && d[end - 1] == 0) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (d[i] < 0x20 || d[i] > 0x7E) {
                throw new IllegalArgumentException("the description is not printable ASCII");
            }
        }
        String description = new String(d, 0, end, StandardCharsets.US_ASCII);
        byte[] key = Arrays.copyOfRange(d, DESCRIPTION_BYTES, d.length);
        try {
            PublicKey k = slot == UserKeySlot.RSA_2048
                    ? KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, key),
                            UserKeys.RSA_EXPONENT))
                    : P256.publicKey(key);
            return new UserKeyInfo(slot, description, k);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the stored key is not a valid " + slot.displayName() + " key");
        }
    }

    @Override
    public String toString() {
        return "UserKeyInfo[" + slot.displayName() + ", \"" + description + "\"]";
    }
}
