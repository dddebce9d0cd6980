package io.pqrstuv.cryptnox.channel;

import io.pqrstuv.cryptnox.apdu.CommandApdu;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * The one-shot encrypted INIT command (notes §2.5): {@code 80 FE 00 00 Lc 41 ‖ host P-256 key (65) ‖
 * IV (16) ‖ AES-256-CBC(key = raw ECDH X with the card session key, M2-padded plaintext)}, the
 * plaintext being {@code len ‖ name ‖ len ‖ email ‖ PIN (9) ‖ PUK (12) ‖ [NFT marker (2)] ‖ pairing
 * secret (32)}.
 */
public final class InitCommand {
    public static final int INS_INIT = 0xFE;

    private InitCommand() {
    }

    /**
     * The INIT APDU. {@code pin9} and {@code puk12} are the encoded codes; {@code nftMarker} is null
     * for a Basic card, else the 2 bytes of the NFT variant. Nothing secret is kept; the returned
     * APDU holds only ciphertext.
     */
    public static byte[] build(ECPublicKey cardSessionKey, String name, String email, byte[] pin9, byte[] puk12,
            byte[] nftMarker, byte[] pairingSecret, SecureRandom random) {
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        try {
            return build(cardSessionKey, name, email, pin9, puk12, nftMarker, pairingSecret, P256.generate(random), iv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a P-256 key pair", e);
        }
    }

    static byte[] build(ECPublicKey cardSessionKey, String name, String email, byte[] pin9, byte[] puk12,
            byte[] nftMarker, byte[] pairingSecret, KeyPair host, byte[] iv) {
        byte[] n = ascii(name, 20, "name");
        byte[] e = ascii(email, 60, "email");
        if (pin9.length != 9 || puk12.length != 12 || pairingSecret.length != 32
                || (nftMarker != null && nftMarker.length != 2)) {
            throw new IllegalArgumentException("PIN 9, PUK 12, pairing secret 32 bytes expected");
        }
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(n.length);
        p.writeBytes(n);
        p.write(e.length);
        p.writeBytes(e);
        p.writeBytes(pin9);
        p.writeBytes(puk12);
        if (nftMarker != null) {
            p.writeBytes(nftMarker);
        }
        p.writeBytes(pairingSecret);
        byte[] plain = p.toByteArray();
        byte[] padded = Padding.pad(plain);
        byte[] shared = null;
        AesKey key = null;
        try {
            shared = P256.ecdh(host.getPrivate(), cardSessionKey);
            key = new AesKey(shared, 0, 32);
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            byte[] c = aes.doFinal(padded);
            aes.init(Cipher.ENCRYPT_MODE, new AesKey(new byte[32], 0, 32), new IvParameterSpec(new byte[16]));
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            d.write(0x41);
            d.writeBytes(P256.encode((ECPublicKey) host.getPublic()));
            d.writeBytes(iv);
            d.writeBytes(c);
            return CommandApdu.of(0x80, INS_INIT, 0, 0, d.toByteArray()).encode();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("INIT encryption failed", ex);
        } finally {
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(padded, (byte) 0);
            SecureChannel.wipe(shared);
            if (key != null) {
                key.destroy();
            }
            // ByteArrayOutputStream's internal buffer held the plaintext too
            p.reset();
            byte[] junk = new byte[plain.length];
            p.writeBytes(junk);
        }
    }

    private static byte[] ascii(String s, int max, String what) {
        if (s == null) {
            s = "";
        }
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException("the " + what + " must be ASCII");
        }
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length > max) {
            throw new IllegalArgumentException("the " + what + " has at most " + max + " characters, not " + b.length);
        }
        return b;
    }
}
