package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.channel.P256;
import io.pqrstuv.cryptnox.derivation.DerivationPath;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The host side of the card's DECRYPT (notes §2.18, applet reference "DECRYPT"): a simplified
 * ECIES on P-256. A sender makes an ephemeral key pair, computes {@code SHA-256(ECDH X)} with the
 * card's DECRYPT public key, uses its first 16 bytes as IV and the last 16 as an AES-128 key, and
 * encrypts with AES-CBC. The card's rule leaves padding to the caller: messages made here use PKCS#7.
 *
 * <p>The message format of this library (and of {@code pqrstuv card encrypt/decrypt}): the
 * ephemeral public key (65 bytes, uncompressed) ‖ the ciphertext (whole 16-byte blocks).
 */
public final class Ecies {
    /** SLIP-17 path of the DECRYPT key ("openpgp://cryptnox", index 0), secp256r1 tree. */
    public static final DerivationPath KEY_PATH =
            DerivationPath.parse("m/17'/910196630'/2006168372'/332516148'/580566270'");

    private Ecies() {
    }

    /** An encrypted message: the sender's ephemeral P-256 key and the AES-128-CBC ciphertext. */
    public record Message(ECPublicKey ephemeralKey, byte[] ciphertext) {
        public Message {
            if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
                throw new IllegalArgumentException("the ciphertext is whole 16-byte blocks, not " + ciphertext.length
                        + " bytes");
            }
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        /** ephemeral key (65) ‖ ciphertext. */
        public byte[] encode() {
            return Codes.concat(P256.encode(ephemeralKey), ciphertext);
        }

        /** The inverse of {@link #encode()}; {@link IllegalArgumentException} for anything malformed. */
        public static Message parse(byte[] encoded) {
            if (encoded.length < 65 + 16 || (encoded.length - 65) % 16 != 0) {
                throw new IllegalArgumentException("a message is a 65-byte P-256 key and whole 16-byte blocks, not "
                        + encoded.length + " bytes");
            }
            try {
                return new Message(P256.publicKey(Arrays.copyOf(encoded, 65)), Arrays.copyOfRange(encoded, 65, encoded.length));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("the message does not start with a P-256 public key");
            }
        }

        @Override
        public String toString() {
            return "Ecies.Message[" + ciphertext.length + " bytes]";
        }
    }

    /** Encrypts {@code plaintext} (PKCS#7 padded) for the card whose DECRYPT key is {@code cardKey}. */
    public static Message encrypt(CardPublicKey cardKey, byte[] plaintext, SecureRandom random) {
        if (cardKey.type() != io.pqrstuv.cryptnox.derivation.KeyType.R1) {
            throw new IllegalArgumentException("the DECRYPT key is a P-256 (r1) key");
        }
        try {
            return encrypt(P256.publicKey(cardKey.uncompressed()), plaintext, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 key", e);
        }
    }

    public static Message encrypt(ECPublicKey cardKey, byte[] plaintext, SecureRandom random) {
        byte[] k = null;
        byte[] padded = pad(plaintext);
        try {
            KeyPair eph = P256.generate(random);
            k = sharedKey(eph, cardKey);
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, 16, 16, "AES"), new IvParameterSpec(k, 0, 16));
            return new Message((ECPublicKey) eph.getPublic(), c.doFinal(padded));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's EC/AES providers failed", e);
        } finally {
            Codes.wipe(k, padded);
        }
    }

    /** SHA-256 of the ECDH X coordinate between {@code mine} and {@code theirs}: IV (16) ‖ AES-128 key (16). */
    static byte[] sharedKey(KeyPair mine, ECPublicKey theirs) throws GeneralSecurityException {
        byte[] x = P256.ecdh(mine.getPrivate(), theirs);
        try {
            return MessageDigest.getInstance("SHA-256").digest(x);
        } finally {
            Codes.wipe(x);
        }
    }

    /** PKCS#7 to whole 16-byte blocks (a full block when already aligned). */
    static byte[] pad(byte[] data) {
        int n = 16 - data.length % 16;
        byte[] out = Arrays.copyOf(data, data.length + n);
        Arrays.fill(out, data.length, out.length, (byte) n);
        return out;
    }

    /** Removes PKCS#7 padding; {@link IllegalArgumentException} when it is malformed. */
    public static byte[] unpad(byte[] padded) {
        if (padded.length == 0 || padded.length % 16 != 0) {
            throw new IllegalArgumentException("the plaintext is not whole blocks");
        }
        int n = padded[padded.length - 1] & 0xFF;
        int bad = (n == 0 || n > 16) ? 1 : 0;
        for (int i = 1; i <= 16; i++) {
            // constant-time over the last block: every byte of the padding must equal n
            int inPad = i <= n ? 1 : 0;
            int differs = ((padded[padded.length - i] & 0xFF) ^ n) != 0 ? 1 : 0;
            bad |= inPad & differs;
        }
        if (bad != 0) {
            throw new IllegalArgumentException("bad PKCS#7 padding after decryption");
        }
        return Arrays.copyOf(padded, padded.length - n);
    }
}
