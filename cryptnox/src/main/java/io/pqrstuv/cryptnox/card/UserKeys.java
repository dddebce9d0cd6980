package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.apdu.ResponseApdu;
import io.pqrstuv.cryptnox.channel.P256;
import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.error.CommandNotAllowedException;
import io.pqrstuv.cryptnox.error.ConditionsNotSatisfiedException;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import io.pqrstuv.cryptnox.error.StatusWords;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * User keys of a Basic card (notes §2.18): public keys the owner registers with the PUK, whose
 * private halves elsewhere can then stand in for the PIN. Two uses: {@link #challenge()} +
 * {@link #open} (the key signs the card's random challenge; the session is then authenticated as by
 * the PIN, except for SIGN), and {@link #authorizeSignature} (the key signs the very hash the card
 * is to sign; {@link CryptnoxCard#signAuthorized} then signs it without PIN).
 *
 * <p>Obtained from {@link CryptnoxCard#userKeys()}; it works on that card's secure channel.
 */
public final class UserKeys {
    /** The RSA slot's public exponent (the card stores the modulus only). */
    public static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);
    private final CryptnoxCard card;

    UserKeys(CryptnoxCard card) {
        this.card = card;
    }

    /** Whether the slot holds a key (from the SELECT flags, refreshed after every add and delete). */
    public boolean registered(UserKeySlot slot) {
        return card.status().userKey(slot.number());
    }

    /**
     * ADD USER KEY with the PUK: {@code key} is a P-256 {@link ECPublicKey} for the EC and FIDO slots,
     * an RSA-2048 {@link RSAPublicKey} with e = 65537 for the RSA slot; {@code description} is up to
     * 64 printable ASCII characters; {@code credentialId} (1 to 64 bytes) is for the FIDO slot only.
     */
    public void add(UserKeySlot slot, String description, PublicKey key, byte[] credentialId, char[] puk)
            throws CryptnoxException {
        card.requireInitializedBasic("user keys");
        byte[] info = description(description);
        byte[] encoded = encode(slot, key);
        byte[] cred = new byte[0];
        if (slot == UserKeySlot.FIDO) {
            if (credentialId == null || credentialId.length < 1 || credentialId.length > 64) {
                throw new IllegalArgumentException("a FIDO user key needs its credential id (1 to 64 bytes)");
            }
            cred = Codes.concat(new byte[] {(byte) credentialId.length}, credentialId);
        } else if (credentialId != null) {
            throw new IllegalArgumentException("only the FIDO slot takes a credential id");
        }
        byte[] k = Codes.puk(puk);
        byte[] data = Codes.concat(new byte[] {(byte) slot.number()}, info, cred, encoded, k);
        try {
            ResponseApdu r = card.secureExchange(0xD5, 0, 0, data, false);
            if (r.sw() == StatusWords.COMMAND_NOT_ALLOWED) {
                throw new CommandNotAllowedException(r.sw(), "ADD USER KEY: the " + slot.displayName()
                        + " slot already holds a key (delete it first)");
            }
            check(r, "ADD USER KEY", StatusWords.Counter.PUK);
        } finally {
            Codes.wipe(k, data);
        }
        card.refreshStatus();
    }

    /** DELETE USER KEY with the PUK. */
    public void delete(UserKeySlot slot, char[] puk) throws CryptnoxException {
        card.requireInitializedBasic("user keys");
        byte[] k = Codes.puk(puk);
        byte[] data = Codes.concat(new byte[] {(byte) slot.number()}, k);
        try {
            ResponseApdu r = card.secureExchange(0xD7, 0, 0, data, false);
            if (r.sw() == StatusWords.COMMAND_NOT_ALLOWED) {
                throw new CommandNotAllowedException(r.sw(), "DELETE USER KEY: the " + slot.displayName()
                        + " slot is empty");
            }
            check(r, "DELETE USER KEY", StatusWords.Counter.PUK);
        } finally {
            Codes.wipe(k, data);
        }
        card.refreshStatus();
    }

    /** READ DATA of a slot (PIN or user key verified): its description and key, or empty when the slot is empty. */
    public Optional<UserKeyInfo> info(UserKeySlot slot) throws CryptnoxException {
        card.requireInitializedBasic("user keys");
        ResponseApdu r = card.secureExchange(0xFA, slot.number(), 0, new byte[0], true);
        if (r.sw() == StatusWords.WRONG_P1P2 && !registered(slot)) {
            return Optional.empty();
        }
        byte[] d = check(r, "READ DATA (user key)", StatusWords.Counter.PIN);
        try {
            return Optional.of(UserKeyInfo.parse(slot, d));
        } catch (IllegalArgumentException e) {
            throw new CardProtocolException("READ DATA (user key): " + e.getMessage());
        }
    }

    /** CHECK USER KEY P1 01: a fresh 32-byte challenge for {@link #open}, valid in this session. */
    public byte[] challenge() throws CryptnoxException {
        card.requireInitializedBasic("user keys");
        byte[] d = check(card.secureExchange(0xD6, 0x01, 0, new byte[0], false), "CHECK USER KEY (challenge)",
                StatusWords.Counter.PIN);
        if (d.length != 32) {
            throw new CardProtocolException("CHECK USER KEY (challenge): " + d.length + " bytes instead of 32");
        }
        return d;
    }

    /**
     * CHECK USER KEY P1 02: the slot's key signed the last {@link #challenge()} ({@code signature} as
     * {@link UserKeySlot#jcaSignatureAlgorithm()} makes it; a WebAuthn assertion for FIDO). True when
     * the card accepted it: the session is then authenticated, and commands that take a PIN are sent
     * without one. The challenge is used up either way.
     */
    public boolean open(UserKeySlot slot, byte[] signature) throws CryptnoxException {
        card.requireInitializedBasic("user keys");
        ResponseApdu r = card.secureExchange(0xD6, 0x02, 0, Codes.concat(new byte[] {(byte) slot.number()}, signature),
                false);
        if (r.sw() == StatusWords.CONDITIONS_NOT_SATISFIED) {
            throw new ConditionsNotSatisfiedException(r.sw(), "CHECK USER KEY: no challenge in this session "
                    + "(ask for one first)");
        }
        boolean ok = answer(check(r, "CHECK USER KEY", StatusWords.Counter.PIN));
        if (ok) {
            card.userKeyOpened();
        }
        return ok;
    }

    /**
     * CHECK USER KEY P1 00: the slot's key signed {@code hash} (32 bytes); true when the card accepted
     * it. The card then signs that hash once without PIN: {@link CryptnoxCard#signAuthorized}.
     */
    public boolean authorizeSignature(UserKeySlot slot, byte[] hash, byte[] signature) throws CryptnoxException {
        card.requireInitializedBasic("user keys");
        if (hash.length != 32) {
            throw new IllegalArgumentException("a user key authorises a 32-byte hash, not " + hash.length + " bytes");
        }
        byte[] data = Codes.concat(new byte[] {(byte) slot.number()}, hash, signature);
        return answer(check(card.secureExchange(0xD6, 0x00, 0, data, false), "CHECK USER KEY (sign)",
                StatusWords.Counter.PIN));
    }

    /** CHECK USER KEY P1 03: the credential id registered with the FIDO key (what an authenticator needs). */
    public byte[] fidoCredentialId() throws CryptnoxException {
        card.requireInitializedBasic("user keys");
        byte[] d = check(card.secureExchange(0xD6, 0x03, 0x01, new byte[0], false), "CHECK USER KEY (credential id)",
                StatusWords.Counter.PIN);
        if (d.length < 2 || (d[0] & 0xFF) != d.length - 1) {
            throw new CardProtocolException("CHECK USER KEY (credential id): a malformed reply of " + d.length + " bytes");
        }
        return Arrays.copyOfRange(d, 1, d.length);
    }

    /**
     * The signature the EC or RSA slot's card check expects over {@code challengeOrHash}, made with
     * the owner's private key on the host (JCA; the card hashes with SHA-256 itself).
     */
    public static byte[] sign(UserKeySlot slot, PrivateKey key, byte[] challengeOrHash) throws GeneralSecurityException {
        if (slot.jcaSignatureAlgorithm() == null) {
            throw new IllegalArgumentException("FIDO user keys sign with an authenticator (a WebAuthn assertion)");
        }
        Signature s = Signature.getInstance(slot.jcaSignatureAlgorithm());
        s.initSign(key);
        s.update(challengeOrHash);
        return s.sign();
    }

    private static boolean answer(byte[] d) throws CardProtocolException {
        if (d.length != 1 || (d[0] != 0 && d[0] != 1)) {
            throw new CardProtocolException("CHECK USER KEY: a reply of " + d.length + " bytes instead of 00 or 01");
        }
        return d[0] == 1;
    }

    private static byte[] check(ResponseApdu r, String op, StatusWords.Counter counter) throws CryptnoxException {
        if (!r.ok()) {
            throw StatusWords.toException(r.sw(), op, counter);
        }
        return r.data();
    }

    private static byte[] description(String description) {
        byte[] b = description.getBytes(StandardCharsets.US_ASCII);
        if (b.length > UserKeyInfo.DESCRIPTION_BYTES || !description.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw new IllegalArgumentException("a user key description is up to 64 printable ASCII characters");
        }
        return Arrays.copyOf(b, UserKeyInfo.DESCRIPTION_BYTES);
    }

    /** The key as the card stores it: a 65-byte P-256 point, or the 256-byte modulus of an RSA-2048 key with e = 65537. */
    static byte[] encode(UserKeySlot slot, PublicKey key) {
        if (slot == UserKeySlot.RSA_2048) {
            if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() != 2048
                    || !rsa.getPublicExponent().equals(RSA_EXPONENT)) {
                throw new IllegalArgumentException("the RSA slot takes an RSA-2048 public key with exponent 65537");
            }
            byte[] m = rsa.getModulus().toByteArray();
            return Arrays.copyOfRange(m, m.length - 256, m.length);
        }
        if (!(key instanceof ECPublicKey ec) || !ec.getParams().getOrder().equals(P256.params().getOrder())) {
            throw new IllegalArgumentException("the " + slot.displayName() + " slot takes a P-256 public key");
        }
        byte[] point = P256.encode(ec);
        try {
            P256.publicKey(point);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key is not a point of P-256");
        }
        return point;
    }
}
