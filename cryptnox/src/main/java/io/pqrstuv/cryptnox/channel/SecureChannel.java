package io.pqrstuv.cryptnox.channel;

import io.pqrstuv.cryptnox.apdu.CommandApdu;
import io.pqrstuv.cryptnox.apdu.ResponseApdu;
import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import io.pqrstuv.cryptnox.error.SecureChannelException;
import io.pqrstuv.cryptnox.error.StatusWords;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * The host side of the Cryptnox secure channel (notes §2.6–§2.8): ECDH on P-256 between a fresh host
 * key and the card's session key, {@code SHA-512(X ‖ pairing key ‖ salt)} split into an AES-256
 * encryption key and an AES-256 MAC key, AES-CBC with ISO 9797-1 method 2 padding, a plain CBC-MAC
 * (zero IV) over a 16-byte length header, and IV chaining: each command is encrypted under the MAC of
 * the previous reply, each reply under the MAC of its command.
 *
 * <p>Any failure (a card {@code 6982}, a bad MAC, padding or length in a reply, a replayed reply)
 * closes the channel on this side: the keys are wiped and {@link #isOpen()} turns false. Not
 * thread-safe.
 */
public final class SecureChannel implements AutoCloseable {
    public static final int CLA = 0x80;
    public static final int INS_OPEN = 0x10;
    public static final int INS_MUTUALLY_AUTHENTICATE = 0x11;
    /** The IV of the first secured command (MUTUALLY AUTHENTICATE), as the Python library uses. */
    static final byte[] FIRST_IV = filled(16, 0x01);
    private static final byte[] ZERO_IV = new byte[16];

    private final CardConnection connection;
    private final Cipher aes;
    private final Cipher cbcMac;
    private final Set<ByteBuffer> replyMacs = new HashSet<>();
    private AesKey encKey;
    private AesKey macKey;
    private byte[] iv;

    private SecureChannel(CardConnection connection) {
        this.connection = connection;
        try {
            this.aes = Cipher.getInstance("AES/CBC/NoPadding");
            this.cbcMac = Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/CBC", e);
        }
    }

    /**
     * Opens a channel: OPEN SECURE CHANNEL on pairing slot {@code slot} (0, or {@code 0xFF} for the
     * PUK-derived key), then MUTUALLY AUTHENTICATE. {@code pairingKey} is not kept.
     */
    public static SecureChannel open(CardConnection connection, ECPublicKey cardSessionKey, byte[] pairingKey,
            int slot, SecureRandom random) throws CryptnoxException {
        KeyPair host;
        try {
            host = P256.generate(random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a P-256 key pair", e);
        }
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        return open(connection, cardSessionKey, pairingKey, slot, host, challenge);
    }

    /** {@link #open} with the host key and challenge given (for the published worked example). */
    static SecureChannel open(CardConnection connection, ECPublicKey cardSessionKey, byte[] pairingKey, int slot,
            KeyPair host, byte[] challenge) throws CryptnoxException {
        if (pairingKey.length != 32) {
            throw new IllegalArgumentException("the pairing secret has 32 bytes, not " + pairingKey.length);
        }
        SecureChannel sc = new SecureChannel(connection);
        byte[] hostPublic = P256.encode((ECPublicKey) host.getPublic());
        ResponseApdu r = ResponseApdu.parse(connection.transmit(
                CommandApdu.of(CLA, INS_OPEN, slot, 0, hostPublic).encode()));
        if (!r.ok()) {
            throw StatusWords.toException(r.sw(), "OPEN SECURE CHANNEL", StatusWords.Counter.PIN);
        }
        if (r.data().length != 32) {
            throw new CardProtocolException("OPEN SECURE CHANNEL: the card sent " + r.data().length
                    + " bytes of salt, expected 32");
        }
        byte[] shared = null;
        byte[] keys = null;
        MessageDigest sha512 = null;
        try {
            shared = P256.ecdh(host.getPrivate(), cardSessionKey);
            sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update(shared);
            sha512.update(pairingKey);
            sha512.update(r.data());
            keys = sha512.digest();
            sc.encKey = new AesKey(keys, 0, 32);
            sc.macKey = new AesKey(keys, 32, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDH or SHA-512 failed", e);
        } finally {
            wipe(shared);
            wipe(keys);
            if (sha512 != null) {
                sha512.reset();
            }
            try {
                host.getPrivate().destroy();
            } catch (javax.security.auth.DestroyFailedException | UnsupportedOperationException ignored) {
                // the JDK's EC private keys cannot be destroyed; the key is unreachable from here on
            }
        }
        sc.iv = FIRST_IV.clone();
        try {
            ResponseApdu auth = sc.transmit(INS_MUTUALLY_AUTHENTICATE, 0, 0, challenge, false);
            if (auth.sw() == StatusWords.SECURITY_STATUS) {
                throw new SecureChannelException(auth.sw(), "MUTUALLY AUTHENTICATE: refused");
            }
            if (!auth.ok()) {
                throw StatusWords.toException(auth.sw(), "MUTUALLY AUTHENTICATE", StatusWords.Counter.PIN);
            }
            if (auth.data().length != 32) {
                throw new CardProtocolException("MUTUALLY AUTHENTICATE: the card answered " + auth.data().length
                        + " bytes, expected 32");
            }
        } catch (SecureChannelException e) {
            sc.close();
            throw new SecureChannelException(e.statusWord(), "cannot open the secure channel: the card refused "
                    + "the pairing (wrong pairing secret?)");
        } catch (CryptnoxException | RuntimeException e) {
            sc.close();
            throw e;
        }
        return sc;
    }

    public boolean isOpen() {
        return encKey != null;
    }

    /**
     * Sends one command through the channel and returns the card's inner reply (data and status
     * word, not yet judged: the caller maps a non-{@code 9000} inner status word with its context).
     * {@code extended} forces the extended APDU form, which the card needs to answer more than 256
     * bytes; the form is extended anyway when MAC and ciphertext reach 256 bytes.
     */
    public ResponseApdu transmit(int ins, int p1, int p2, byte[] data, boolean extended) throws CryptnoxException {
        if (!isOpen()) {
            throw new SecureChannelException(0, "the secure channel is closed");
        }
        byte[] apdu;
        byte[] cmdMac;
        try {
            byte[][] wrapped = wrap(CLA, ins, p1, p2, data == null ? new byte[0] : data, extended);
            apdu = wrapped[0];
            cmdMac = wrapped[1];
        } catch (GeneralSecurityException e) {
            close();
            throw new IllegalStateException("AES failed", e);
        }
        byte[] raw;
        try {
            raw = connection.transmit(apdu);
        } catch (CryptnoxException e) {
            close();
            throw e;
        }
        return unwrap(raw, cmdMac, String.format("INS %02X", ins));
    }

    /** {@code [APDU, cmdMAC]}. */
    private byte[][] wrap(int cla, int ins, int p1, int p2, byte[] data, boolean extended)
            throws GeneralSecurityException {
        byte[] padded = Padding.pad(data);
        byte[] c;
        try {
            aes.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
            c = aes.doFinal(padded);
        } finally {
            wipe(padded);
        }
        int l = 16 + c.length;
        if (l > CommandApdu.MAX_EXTENDED_LC) {
            throw new IllegalArgumentException("command data too large for one APDU: " + data.length + " bytes");
        }
        boolean ext = extended || l >= 256;
        byte[] header = new byte[16];
        header[0] = (byte) cla;
        header[1] = (byte) ins;
        header[2] = (byte) p1;
        header[3] = (byte) p2;
        if (ext) {
            header[5] = (byte) (l >> 8);
            header[6] = (byte) l;
        } else {
            header[4] = (byte) l;
        }
        byte[] mac = mac(header, c);
        int lcLen = ext ? 3 : 1;
        byte[] apdu = new byte[4 + lcLen + l];
        System.arraycopy(header, 0, apdu, 0, 4 + lcLen);
        System.arraycopy(mac, 0, apdu, 4 + lcLen, 16);
        System.arraycopy(c, 0, apdu, 4 + lcLen + 16, c.length);
        return new byte[][] {apdu, mac};
    }

    private ResponseApdu unwrap(byte[] raw, byte[] cmdMac, String what) throws CryptnoxException {
        ResponseApdu outer;
        try {
            outer = ResponseApdu.parse(raw);
        } catch (CardProtocolException e) {
            close();
            throw e;
        }
        if (!outer.ok()) {
            close();
            if (outer.sw() == StatusWords.SECURITY_STATUS) {
                throw new SecureChannelException(outer.sw(), what + ": the card rejected the secure message "
                        + "(MAC or padding) and closed the channel");
            }
            if (outer.sw() == StatusWords.CONDITIONS_NOT_SATISFIED) {
                throw new SecureChannelException(outer.sw(), what + ": the card has no open secure channel "
                        + "(was it reset or selected by another application?)");
            }
            throw StatusWords.toException(outer.sw(), what, StatusWords.Counter.PIN);
        }
        byte[] d = outer.data();
        if (d.length < 32 || d.length % 16 != 0) {
            close();
            throw new SecureChannelException(0, what + ": a secure reply of " + d.length
                    + " bytes (must be a MAC and whole cipher blocks)");
        }
        byte[] respMac = Arrays.copyOf(d, 16);
        byte[] r = Arrays.copyOfRange(d, 16, d.length);
        int lr = d.length;
        byte[] lengthBlock = new byte[16];
        if (lr < 256) {
            lengthBlock[0] = (byte) lr;
        } else {
            lengthBlock[1] = (byte) (lr >> 8);
            lengthBlock[2] = (byte) lr;
        }
        byte[] plain = null;
        try {
            byte[] expected = mac(lengthBlock, r);
            if (!MessageDigest.isEqual(expected, respMac)) {
                close();
                throw new SecureChannelException(0, what + ": bad MAC in the card's reply");
            }
            if (!replyMacs.add(ByteBuffer.wrap(respMac))) {
                close();
                throw new SecureChannelException(0, what + ": the card's reply is a replay of an earlier one");
            }
            aes.init(Cipher.DECRYPT_MODE, encKey, new IvParameterSpec(cmdMac));
            plain = aes.doFinal(r);
        } catch (GeneralSecurityException e) {
            close();
            throw new IllegalStateException("AES failed", e);
        }
        int n = Padding.unpaddedLength(plain);
        if (n < 2) {
            wipe(plain);
            close();
            throw new SecureChannelException(0, what + ": bad padding in the card's reply");
        }
        iv = respMac;
        ResponseApdu inner = new ResponseApdu(Arrays.copyOf(plain, n - 2),
                ((plain[n - 2] & 0xFF) << 8) | (plain[n - 1] & 0xFF));
        wipe(plain);
        return inner;
    }

    private byte[] mac(byte[] header, byte[] body) throws GeneralSecurityException {
        cbcMac.init(Cipher.ENCRYPT_MODE, macKey, new IvParameterSpec(ZERO_IV));
        cbcMac.update(header);
        byte[] all = cbcMac.doFinal(body);
        return Arrays.copyOfRange(all, all.length - 16, all.length);
    }

    /** Wipes the session keys and re-keys the ciphers with a zero key so they hold no key schedule. */
    @Override
    public void close() {
        if (encKey == null) {
            return;
        }
        encKey.destroy();
        macKey.destroy();
        encKey = null;
        macKey = null;
        wipe(iv);
        iv = null;
        replyMacs.clear();
        AesKey zero = new AesKey(new byte[32], 0, 32);
        try {
            aes.init(Cipher.ENCRYPT_MODE, zero, new IvParameterSpec(ZERO_IV));
            cbcMac.init(Cipher.ENCRYPT_MODE, zero, new IvParameterSpec(ZERO_IV));
        } catch (GeneralSecurityException ignored) {
            // cannot happen with a valid key size
        }
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
