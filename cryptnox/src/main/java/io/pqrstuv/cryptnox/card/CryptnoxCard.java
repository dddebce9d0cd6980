package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.apdu.CommandApdu;
import io.pqrstuv.cryptnox.apdu.ResponseApdu;
import io.pqrstuv.cryptnox.channel.InitCommand;
import io.pqrstuv.cryptnox.channel.P256;
import io.pqrstuv.cryptnox.channel.SecureChannel;
import io.pqrstuv.cryptnox.derivation.CardSignatures;
import io.pqrstuv.cryptnox.derivation.DerivationPath;
import io.pqrstuv.cryptnox.derivation.ExtendedPublicKey;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.error.CardStateException;
import io.pqrstuv.cryptnox.error.CardStatusException;
import io.pqrstuv.cryptnox.error.CommandNotAllowedException;
import io.pqrstuv.cryptnox.error.ConditionsNotSatisfiedException;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import io.pqrstuv.cryptnox.error.GenuineCheckException;
import io.pqrstuv.cryptnox.error.IncorrectParametersException;
import io.pqrstuv.cryptnox.error.InstructionNotSupportedException;
import io.pqrstuv.cryptnox.error.PinBlockedException;
import io.pqrstuv.cryptnox.error.PinException;
import io.pqrstuv.cryptnox.error.PukException;
import io.pqrstuv.cryptnox.error.ReferencedDataNotFoundException;
import io.pqrstuv.cryptnox.error.StatusWords;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Cryptnox card (Basic G1 or NFT) on an open connection: the typed API over every command of
 * notes §2. Secure commands open the secure channel on first use. PINs and PUKs are {@code char[]}
 * that this class encodes into byte arrays it wipes after the exchange; the caller wipes its own
 * arrays. Not thread-safe (one card, one exchange at a time).
 *
 * <p>Flags from SELECT ({@link #status()}) are refreshed after every command that changes them
 * (INIT, RESET, seed, settings), unlike the Python library, whose copies go stale.
 */
public final class CryptnoxCard implements AutoCloseable {
    static final byte[] AID = HexFormat.of().parseHex("A0000010000112");
    private static final int CLA = 0x80;
    public static final int USER_DATA_PAGE = 1200;
    public static final int USER_DATA_PAGES = 3;
    public static final int USER_DATA_MAX = USER_DATA_PAGE * USER_DATA_PAGES;
    public static final int HISTORY_SIZE = 149;

    private final CardConnection connection;
    private final byte[] pairingSecret;
    private final SecureRandom random;
    private SelectResponse select;
    private CardType type;
    private ManufacturerCertificate certificate;
    private ECPublicKey sessionKey;
    private SecureChannel channel;
    /** True after a VERIFY PIN or UNBLOCK PIN that succeeded in this channel (cleared by SIGN, which may end it). */
    private boolean pinVerified;
    /** True after a user key answered the card's challenge in this channel (then PIN fields are left out). */
    private boolean userKeyAuthenticated;
    private boolean closed;

    CryptnoxCard(CardConnection connection, byte[] pairingSecret, SecureRandom random) {
        this.connection = connection;
        this.pairingSecret = pairingSecret;
        this.random = random;
    }

    // ---------------------------------------------------------------- identity and state

    /** SELECT, manufacturer certificate, signed session key. Drops any secure channel. */
    void select() throws CryptnoxException {
        closeChannel();
        ResponseApdu r = plain(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, AID), "SELECT");
        SelectResponse s = SelectResponse.parse(r.data());
        CardType t = CardType.fromSelectByte(s.typeByte());
        if (t == null) {
            throw new CardProtocolException(String.format("SELECT: unknown Cryptnox card type 0x%02X", s.typeByte()));
        }
        select = s;
        type = t;
        if (certificate == null) {
            certificate = ManufacturerCertificate.parse(readCertificate());
        }
        sessionKey = readSessionKey();
    }

    /**
     * Selects the applet again and reads a new session key: the card drops its secure channel and
     * the verified PIN, and {@link #status()} shows the card's current flags.
     */
    public void reselect() throws CryptnoxException {
        select();
    }

    public CardType type() {
        return type;
    }

    public AppletVersion appletVersion() {
        return select.version();
    }

    /** The flags and custom bytes of the last SELECT. */
    public SelectResponse status() {
        return select;
    }

    public boolean initialized() {
        return select.initialized();
    }

    public BigInteger serialNumber() {
        return certificate.serialNumber();
    }

    public ManufacturerCertificate manufacturerCertificate() {
        return certificate;
    }

    /** The genuineness check with {@code check} (offline it answers UNKNOWN within its deadline). */
    public Origin origin(GenuinenessCheck check) {
        return check.check(certificate);
    }

    /** Where the card is. */
    public String description() {
        return connection.description();
    }

    private byte[] readCertificate() throws CryptnoxException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int total = -1;
        for (int page = 0; page < 64; page++) {
            ResponseApdu r = plain(CommandApdu.read(CLA, 0xF7, 0, page), "GET MANUFACTURER CERTIFICATE");
            byte[] d = r.data();
            if (d.length == 0) {
                throw new CardProtocolException("GET MANUFACTURER CERTIFICATE: empty page " + page);
            }
            out.writeBytes(d);
            if (page == 0) {
                if (d.length < 2) {
                    throw new CardProtocolException("GET MANUFACTURER CERTIFICATE: page 0 has no length");
                }
                total = ((d[0] & 0xFF) << 8 | (d[1] & 0xFF)) + 2;
                if (total < 3) {
                    throw new CardProtocolException("GET MANUFACTURER CERTIFICATE: empty certificate");
                }
            }
            if (out.size() >= total) {
                byte[] all = out.toByteArray();
                return Arrays.copyOfRange(all, 2, total);
            }
        }
        throw new CardProtocolException("GET MANUFACTURER CERTIFICATE: certificate longer than 64 pages");
    }

    private ECPublicKey readSessionKey() throws CryptnoxException {
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        ResponseApdu r = plain(CommandApdu.of(CLA, 0xF8, 0, 0, nonce), "GET CARD CERTIFICATE");
        byte[] d = r.data();
        if (d.length < 74 + 8 || d[0] != 'C' || !Arrays.equals(Arrays.copyOfRange(d, 1, 9), nonce)) {
            throw new GenuineCheckException("the card's session key reply is malformed or does not echo the nonce");
        }
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(certificate.cardKey());
            s.update(d, 0, 74);
            if (!s.verify(Arrays.copyOfRange(d, 74, d.length))) {
                throw new GenuineCheckException("wrong card signature on the session key: the card does not hold "
                        + "the key of its manufacturer certificate");
            }
            return P256.publicKey(Arrays.copyOfRange(d, 9, 74));
        } catch (java.security.SignatureException e) {
            throw new GenuineCheckException("malformed card signature on the session key", e);
        } catch (GeneralSecurityException e) {
            throw new GenuineCheckException("the card's session key is not a P-256 point", e);
        }
    }

    // ---------------------------------------------------------------- initialisation

    /**
     * INIT: personalises a blank card. {@code pairingSecret} null = the common secret. Returns
     * nothing: the pairing secret given is the one this object uses from now on.
     */
    public void init(String name, String email, char[] pin, char[] puk, byte[] pairingSecret) throws CryptnoxException {
        if (select.initialized()) {
            throw new CardStateException("the card is already initialised (reset it with the PUK first)");
        }
        byte[] pairing = pairingSecret == null ? CardFactory.commonPairingSecret() : pairingSecret.clone();
        if (pairing.length != 32) {
            throw new IllegalArgumentException("a pairing secret has 32 bytes, not " + pairing.length);
        }
        byte[] p = Codes.pin(pin);
        byte[] k = null;
        try {
            k = Codes.puk(puk);
            byte[] marker = type == CardType.NFT ? new byte[] {(byte) 0xA5, (byte) 0xA5} : null;
            byte[] apdu = InitCommand.build(sessionKey, name, email, p, k, marker, pairing, random);
            ResponseApdu r = ResponseApdu.parse(connection.transmit(apdu));
            if (!r.ok()) {
                if (r.sw() == StatusWords.INS_NOT_SUPPORTED) {
                    throw new CardStateException("INIT: the card is already initialised");
                }
                throw StatusWords.toException(r.sw(), "INIT", StatusWords.Counter.PIN);
            }
            System.arraycopy(pairing, 0, this.pairingSecret, 0, 32);
        } finally {
            Codes.wipe(p, k, pairing);
        }
        select();
    }

    // ---------------------------------------------------------------- PIN and PUK

    /** Remaining PIN tries (VERIFY PIN with no data); does not use one. */
    public int remainingPinTries() throws CryptnoxException {
        requireInitialized();
        ResponseApdu r = secureRaw(0x20, 0, 0, new byte[0], false);
        if ((r.sw() & 0xFFF0) == 0x63C0) {
            return r.sw() & 0x0F;
        }
        check(r, "VERIFY PIN", StatusWords.Counter.PIN);
        if (r.data().length != 1) {
            throw new CardProtocolException("VERIFY PIN: " + r.data().length + " bytes instead of the tries count");
        }
        return r.data()[0] & 0xFF;
    }

    /**
     * VERIFY PIN. A wrong PIN throws {@link PinException} with the tries left; with none left it
     * tells apart "no more tries until a power cycle" (still {@link PinException}) from blocked
     * ({@link PinBlockedException}).
     */
    public void verifyPin(char[] pin) throws CryptnoxException {
        requireInitialized();
        byte[] p = Codes.pin(pin);
        ResponseApdu r;
        try {
            r = secureRaw(0x20, 0, 0, p, false);
        } finally {
            Codes.wipe(p);
        }
        if (r.sw() == 0x63C0) {
            pinVerified = false;
            throw noTriesLeft();
        }
        if (r.sw() == StatusWords.COMMAND_NOT_ALLOWED) {
            throw new CommandNotAllowedException(r.sw(), "VERIFY PIN: PIN authentication is disabled on this card");
        }
        if (!r.ok()) {
            dropAuthentication();
        }
        check(r, "VERIFY PIN", StatusWords.Counter.PIN);
        pinVerified = true;
    }

    /** True when the PIN was verified in this session (as far as the host knows). */
    public boolean pinVerified() {
        return pinVerified && secureChannelOpen();
    }

    /** After 63C0: an empty UNBLOCK PIN costs no PUK try and says whether the PIN is blocked. */
    private PinException noTriesLeft() throws CryptnoxException {
        ResponseApdu probe = secureRaw(0x22, 0, 0, new byte[0], false);
        if (probe.sw() == StatusWords.CONDITIONS_NOT_SATISFIED) {
            return new PinException(0x63C0, 0, "VERIFY PIN: wrong PIN, 0 tries left in this power cycle "
                    + "(remove and reinsert the card to try again)");
        }
        return new PinBlockedException(0x63C0, "VERIFY PIN: the PIN is blocked: unblock it with the PUK");
    }

    /** CHANGE PIN (the PIN must be verified in this session). */
    public void changePin(char[] newPin) throws CryptnoxException {
        requireInitialized();
        byte[] p = Codes.pin(newPin);
        try {
            secure(0x21, 0x00, 0, p, false, "CHANGE PIN", StatusWords.Counter.PIN);
        } finally {
            Codes.wipe(p);
        }
    }

    /** CHANGE PUK: a wrong current PUK throws {@link PukException}. */
    public void changePuk(char[] currentPuk, char[] newPuk) throws CryptnoxException {
        requireInitialized();
        byte[] cur = Codes.puk(currentPuk);
        byte[] next = null;
        byte[] data = null;
        try {
            next = Codes.puk(newPuk);
            data = Codes.concat(next, cur);
            secure(0x21, 0x01, 0, data, false, "CHANGE PUK", StatusWords.Counter.PUK);
        } finally {
            Codes.wipe(cur, next, data);
        }
    }

    /** UNBLOCK PIN with the PUK; the new PIN is verified for this session. */
    public void unblockPin(char[] puk, char[] newPin) throws CryptnoxException {
        requireInitialized();
        byte[] k = Codes.puk(puk);
        byte[] p = null;
        byte[] data = null;
        try {
            p = Codes.pin(newPin);
            data = Codes.concat(k, p);
            ResponseApdu r = secureRaw(0x22, 0, 0, data, false);
            if (r.sw() == StatusWords.CONDITIONS_NOT_SATISFIED) {
                throw new ConditionsNotSatisfiedException(r.sw(), "UNBLOCK PIN: the PIN is not blocked");
            }
            check(r, "UNBLOCK PIN", StatusWords.Counter.PUK);
            pinVerified = true;
        } finally {
            Codes.wipe(k, p, data);
        }
    }

    // ---------------------------------------------------------------- seed and keys

    /**
     * GENERATE KEY: a new seed made by the card's TRNG; returns the card's reply (documented as an
     * identifier of the master node). {@code pin} may be null after {@link UserKeys#open}.
     */
    public byte[] generateSeed(char[] pin) throws CryptnoxException {
        requireInitialized();
        byte[] p = pinField(pin, "GENERATE KEY");
        try {
            ResponseApdu r = secureRaw(0xD4, 0, 0, p, false);
            if (r.sw() == StatusWords.COMMAND_NOT_ALLOWED) {
                throw new CommandNotAllowedException(r.sw(), "GENERATE KEY: the card already has a seed");
            }
            check(r, "GENERATE KEY", StatusWords.Counter.PIN);
            select();
            return r.data();
        } finally {
            Codes.wipe(p);
        }
    }

    /**
     * LOAD KEY (P1 03): a BIP39 binary seed of 16 to 64 bytes, e.g. from a mnemonic. {@code pin} may
     * be null after {@link UserKeys#open}.
     */
    public void loadSeed(byte[] seed, char[] pin) throws CryptnoxException {
        requireInitialized();
        requireBasic("seed loading");
        if (seed.length < 16 || seed.length > 64) {
            throw new IllegalArgumentException("a seed has 16 to 64 bytes, not " + seed.length);
        }
        byte[] p = pinField(pin, "LOAD KEY");
        byte[] data = Codes.concat(seed, p);
        try {
            ResponseApdu r = secureRaw(0xD0, 0x03, 0, data, false);
            if (r.sw() == StatusWords.COMMAND_NOT_ALLOWED) {
                throw new CommandNotAllowedException(r.sw(), "LOAD KEY: the card already has a seed");
            }
            check(r, "LOAD KEY", StatusWords.Counter.PIN);
        } finally {
            Codes.wipe(p, data);
        }
        select();
    }

    /** DERIVE KEY: makes {@code path} the current key of {@code type}'s tree (PIN verified). */
    public void derive(KeyType type, DerivationPath path) throws CryptnoxException {
        requireSeed();
        requireBasic("derivation");
        secure(0xD1, type.p1Bit() | path.source().p1Bits(), 0, path.toBytes(), false, "DERIVE KEY", StatusWords.Counter.PIN);
    }

    /** The current key of {@code type}'s tree (PIN verified). */
    public CardPublicKey publicKey(KeyType type) throws CryptnoxException {
        requireSeed();
        byte[] d = secure(0xC2, type.p1Bit(), 0x01, new byte[0], false, "GET PUBKEY", StatusWords.Counter.PIN);
        return publicKeyOf(type, d);
    }

    /**
     * The key at {@code path}, derived on the fly: the current key does not change. The card cannot
     * derive an empty path on the fly: {@code .} is the current key, {@code m} and {@code ..} need
     * {@link #derive} first.
     */
    public CardPublicKey publicKey(KeyType type, DerivationPath path) throws CryptnoxException {
        if (onTheFly(path) == null) {
            return publicKey(type);
        }
        requireSeed();
        requireBasic("derivation");
        byte[] d = secure(0xC2, type.p1Bit() | 0x01 | path.source().p1Bits(), 0x01, path.toBytes(), false,
                "GET PUBKEY", StatusWords.Counter.PIN);
        return publicKeyOf(type, d);
    }

    /** The path of the current key of {@code type}'s tree, from the master key. */
    public DerivationPath currentPath(KeyType type) throws CryptnoxException {
        requireSeed();
        byte[] d = secure(0xC2, type.p1Bit(), 0x00, new byte[0], false, "GET PUBKEY", StatusWords.Counter.PIN);
        try {
            return DerivationPath.fromBytes(DerivationPath.Source.MASTER, d);
        } catch (IllegalArgumentException e) {
            throw new CardProtocolException("GET PUBKEY: the current path has " + d.length + " bytes");
        }
    }

    /** The current key as a BIP32 extended public key (the card allows it at depth ≥ 3, once enabled with the PUK). */
    public ExtendedPublicKey extendedPublicKey(KeyType type) throws CryptnoxException {
        requireSeed();
        byte[] d = secure(0xC2, type.p1Bit(), 0x02, new byte[0], false, "GET PUBKEY", StatusWords.Counter.PIN);
        try {
            return ExtendedPublicKey.fromCard(type, d);
        } catch (IllegalArgumentException e) {
            throw new CardProtocolException("GET PUBKEY (extended): " + e.getMessage());
        }
    }

    /** GET PUBKEY in clear of the current secp256k1 key: {@link #publicKeyClear(KeyType)} with K1. */
    public CardPublicKey publicKeyClear() throws CryptnoxException {
        return publicKeyClear(KeyType.K1);
    }

    /**
     * GET PUBKEY in clear: the current key of {@code type}'s tree without secure channel or PIN, as a
     * payment terminal reads it. The card allows it once the PUK enabled it
     * ({@link #setClearPublicKeyRead}), or — secp256k1 only — for a current key under the PIN-less
     * path's prefix. Otherwise {@link ReferencedDataNotFoundException}.
     */
    public CardPublicKey publicKeyClear(KeyType type) throws CryptnoxException {
        requireSeed();
        if (type == KeyType.R1) {
            requireBasic("the secp256r1 tree");
        }
        ResponseApdu r = ResponseApdu.parse(connection.transmit(CommandApdu.read(CLA, 0xC2, type.p1Bit(), 0x01).encode()));
        if (r.sw() == StatusWords.REFERENCED_DATA_NOT_FOUND) {
            throw new ReferencedDataNotFoundException(r.sw(), "GET PUBKEY (clear): reading the public key in clear is not "
                    + "enabled on this card (enable it with the PUK: SET PUB EXPORT)");
        }
        if (!r.ok()) {
            throw StatusWords.toException(r.sw(), "GET PUBKEY (clear)", StatusWords.Counter.PIN);
        }
        return publicKeyOf(type, r.data());
    }

    /** Null for the current key itself; refuses the empty paths the card cannot derive on the fly. */
    private static DerivationPath onTheFly(DerivationPath path) {
        if (path == null || path.depth() > 0) {
            return path;
        }
        if (path.source() == DerivationPath.Source.CURRENT) {
            return null;
        }
        throw new IllegalArgumentException("the card derives on the fly only non-empty paths: derive " + path
                + " first, then use the current key");
    }

    private static CardPublicKey publicKeyOf(KeyType type, byte[] d) throws CardProtocolException {
        try {
            return new CardPublicKey(type, d);
        } catch (IllegalArgumentException e) {
            throw new CardProtocolException("GET PUBKEY: the card did not answer a " + type.curveName() + " point ("
                    + d.length + " bytes)");
        }
    }

    // ---------------------------------------------------------------- signing

    /**
     * SIGN a 32-byte hash with the current key of {@code type}'s tree, or with the key at
     * {@code path} (derived for this signature only), with the PIN. Returns the DER signature; the
     * card normalises ECDSA signatures to low S. The signature is checked against the key before
     * it is returned, so a card that signs with another key is caught here.
     */
    public byte[] sign(byte[] hash, KeyType type, DerivationPath path, char[] pin) throws CryptnoxException {
        return sign(hash, type, path, SignatureType.ECDSA, pin);
    }

    public byte[] sign(byte[] hash, KeyType type, DerivationPath path, SignatureType signatureType, char[] pin)
            throws CryptnoxException {
        if (hash.length != 32) {
            throw new IllegalArgumentException("the card signs a 32-byte hash, not " + hash.length + " bytes");
        }
        if (signatureType == SignatureType.SCHNORR_BIP340 && type != KeyType.K1) {
            throw new IllegalArgumentException("BIP340 signatures are secp256k1 only");
        }
        path = onTheFly(path);
        requireSeed();
        if (path != null) {
            requireBasic("derivation");
        }
        // The key is read first (it needs the verified PIN) so the signature can be checked against it.
        if (!pinVerified()) {
            verifyPin(pin);
        }
        CardPublicKey key = path == null ? publicKey(type) : publicKey(type, path);
        byte[] p = Codes.pin(pin);
        byte[] data = path == null ? Codes.concat(hash, p) : Codes.concat(hash, path.toBytes(), p);
        int p1 = type.p1Bit() | (path == null ? 0 : 0x01 | path.source().p1Bits());
        byte[] sig;
        try {
            sig = secure(0xC0, p1, signatureType.p2(), data, false, "SIGN", StatusWords.Counter.PIN);
        } finally {
            pinVerified = false; // the applet docs say a signature may end the PIN session
            Codes.wipe(p, data);
        }
        if (signatureType != SignatureType.SCHNORR_BIP340) {
            if (sig.length == 0 || sig[0] != 0x30 || !key.verify(hash, sig)) {
                throw new CardProtocolException("SIGN: the card's signature does not verify with its public key");
            }
        } else if (sig.length != 64) {
            throw new CardProtocolException("SIGN: a BIP340 signature has 64 bytes, not " + sig.length);
        }
        return sig;
    }

    /** SIGN with the PIN-less path key (secp256k1), which needs no PIN once the PUK set the path. */
    public byte[] signPinless(byte[] hash) throws CryptnoxException {
        if (hash.length != 32) {
            throw new IllegalArgumentException("the card signs a 32-byte hash, not " + hash.length + " bytes");
        }
        return secure(0xC0, 0x03, 0x00, hash.clone(), false, "SIGN (PIN-less)", StatusWords.Counter.PIN);
    }

    // ---------------------------------------------------------------- dual and wrapped seeds

    /**
     * LOAD KEY P1 04, dual generation step 1 (notes §2.12): the card makes a key pair for this
     * session and answers its public key signed with the "Basic group" key. Give the answer to the
     * other card's {@link #dualSeedLoad}, and that card's answer to this one's, in the same session
     * of each card. {@link DualSeed#generate} runs the four steps and checks the result.
     */
    public byte[] dualSeedPublicKey(char[] pin) throws CryptnoxException {
        requireInitialized();
        requireBasic("dual seed generation");
        byte[] p = pinField(pin, "LOAD KEY (dual, 1)");
        byte[] d;
        try {
            d = secureSeedCommand(0x04, p, "LOAD KEY (dual, 1)");
        } finally {
            Codes.wipe(p);
        }
        if (d.length < 65 || d[0] != 0x04) {
            throw new CardProtocolException("LOAD KEY (dual, 1): the card answered " + d.length
                    + " bytes, not a P-256 point and its group signature");
        }
        return d;
    }

    /**
     * LOAD KEY P1 05, dual generation step 2: the other card's answer to {@link #dualSeedPublicKey};
     * both cards then hold the seed SHA-256(ECDH) (source DUAL). The card checks the group signature
     * ({@code 6A80} when it does not verify, e.g. a card of another group).
     */
    public void dualSeedLoad(byte[] otherCardPublicKey, char[] pin) throws CryptnoxException {
        requireInitialized();
        requireBasic("dual seed generation");
        if (otherCardPublicKey.length < 65 || otherCardPublicKey[0] != 0x04) {
            throw new IllegalArgumentException("the other card's key starts with a 65-byte uncompressed P-256 point");
        }
        byte[] p = pinField(pin, "LOAD KEY (dual, 2)");
        byte[] data = Codes.concat(otherCardPublicKey, p);
        try {
            secureSeedCommand(0x05, data, "LOAD KEY (dual, 2)");
        } finally {
            Codes.wipe(p, data);
        }
        select();
    }

    /**
     * GENERATE RSA SEED WRAP KEY (firmware 2.0): the card makes an RSA key pair of {@code bits}
     * (2048, 3072 or 4096) and answers "CRSA" ‖ modulus; the public exponent is 65537. Wrap a seed
     * for it with {@link SeedWrapping#wrap} and load it with {@link #loadWrappedSeed}, in this session.
     */
    public RSAPublicKey generateSeedWrapKey(int bits) throws CryptnoxException {
        requireInitialized();
        requireBasic("seed wrapping");
        if (bits < 1024 || bits > 4096 || bits % 8 != 0) {
            throw new IllegalArgumentException("an RSA seed-wrap key has 1024 to 4096 bits, a multiple of 8; not " + bits);
        }
        ResponseApdu r = versionTwo(0xF9, 0, new byte[] {(byte) (bits >> 8), (byte) bits}, "GENERATE RSA SEED WRAP KEY");
        byte[] d = check(r, "GENERATE RSA SEED WRAP KEY", StatusWords.Counter.PIN);
        return SeedWrapping.parseWrapKey(d, bits);
    }

    /**
     * LOAD KEY P1 06 (firmware 2.0): a seed wrapped (RSA-OAEP) with the key of
     * {@link #generateSeedWrapKey} in this session; source WRAPPED. {@code pin} may be null after
     * {@link UserKeys#open}.
     */
    public void loadWrappedSeed(byte[] wrappedSeed, char[] pin) throws CryptnoxException {
        requireInitialized();
        requireBasic("seed loading");
        if (wrappedSeed.length < 128 || wrappedSeed.length > 512) {
            throw new IllegalArgumentException("a wrapped seed has the size of the RSA modulus (128 to 512 bytes), not "
                    + wrappedSeed.length);
        }
        byte[] p = pinField(pin, "LOAD KEY (wrapped)");
        byte[] data = Codes.concat(wrappedSeed, p);
        try {
            secureSeedCommand(0x06, data, "LOAD KEY (wrapped)");
        } finally {
            Codes.wipe(p, data);
        }
        select();
    }

    /**
     * The whole seed-wrapping flow for a seed the host holds (16 to 64 bytes): a 2048-bit wrap key
     * from the card, RSA-OAEP on the host, LOAD KEY 06. The seed leaves the host only wrapped for the
     * card's key (inside the secure channel as well).
     */
    public void loadSeedWrapped(byte[] seed, char[] pin) throws CryptnoxException {
        if (seed.length < 16 || seed.length > 64) {
            throw new IllegalArgumentException("a seed has 16 to 64 bytes, not " + seed.length);
        }
        RSAPublicKey key = generateSeedWrapKey(SeedWrapping.DEFAULT_BITS);
        byte[] wrapped = SeedWrapping.wrap(key, seed, random);
        loadWrappedSeed(wrapped, pin);
    }

    /**
     * A firmware 2.0 command (extended reply): a card without it answers a plain 6D00, which becomes
     * an exception that says so.
     */
    private ResponseApdu versionTwo(int ins, int p1, byte[] data, String op) throws CryptnoxException {
        try {
            return secureRaw(ins, p1, 0, data, true);
        } catch (InstructionNotSupportedException e) {
            throw new InstructionNotSupportedException(e.statusWord(), op + ": this card (applet " + select.version()
                    + ") does not offer it (a firmware 2.0 command)");
        }
    }

    /** LOAD KEY with {@code p1}: 6986 (a seed is there), 6A86 (a firmware without this P1) get plain words. */
    private byte[] secureSeedCommand(int p1, byte[] data, String op) throws CryptnoxException {
        ResponseApdu r = secureRaw(0xD0, p1, 0, data, false);
        if (r.sw() == StatusWords.COMMAND_NOT_ALLOWED) {
            throw new CommandNotAllowedException(r.sw(), op + ": the card already has a seed (reset it with the PUK first)");
        }
        if (r.sw() == StatusWords.INCORRECT_P1P2) {
            throw new IncorrectParametersException(r.sw(), op + ": this card (applet " + select.version()
                    + ") does not offer it" + (p1 == 0x06 ? " (wrapped seeds came with firmware 2.0)" : ""));
        }
        if ((r.sw() & 0xFFF0) == 0x63C0) {
            dropAuthentication();
        }
        return check(r, op, StatusWords.Counter.PIN);
    }

    // ---------------------------------------------------------------- SIGN PUBLIC, DECRYPT, NFT check

    /**
     * SIGN PUBLIC (firmware 2.0): the card's static key (the key of its manufacturer certificate)
     * signs the current public key of {@code type}'s tree, so anyone holding the certificate can tell
     * the key lives on this card. Needs the PIN (or a user key) verified in this session. The
     * attestation is checked against the certificate before it is returned.
     */
    public PublicKeyAttestation signPublic(KeyType type) throws CryptnoxException {
        requireSeed();
        requireBasic("SIGN PUBLIC");
        CardPublicKey key = publicKey(type);
        ResponseApdu r = versionTwo(0xC6, type.p1Bit(), new byte[0], "SIGN PUBLIC");
        byte[] sig = check(r, "SIGN PUBLIC", StatusWords.Counter.PIN);
        PublicKeyAttestation a = new PublicKeyAttestation(key, sig, certificate.serialNumber());
        if (!a.verify(certificate.cardKey())) {
            throw new CardProtocolException("SIGN PUBLIC: the signature does not verify with the card's certificate key "
                    + "(ECDSA P-256, SHA-256 of the 65-byte public key)");
        }
        return a;
    }

    /**
     * The public key of the DECRYPT slot: the P-256 key at the SLIP-17 path of
     * {@link Ecies#KEY_PATH}, derived on the fly (PIN or user key verified). Senders encrypt to it
     * with {@link Ecies#encrypt}.
     */
    public CardPublicKey decryptionPublicKey() throws CryptnoxException {
        return publicKey(KeyType.R1, Ecies.KEY_PATH);
    }

    /**
     * DECRYPT P1 00: SHA-256 of the ECDH secret between the card's DECRYPT key and
     * {@code ephemeralKey}, i.e. IV (16) ‖ AES-128 key (16). The caller wipes the result.
     * {@code pin} may be null after {@link UserKeys#open}.
     */
    public byte[] decryptionKey(ECPublicKey ephemeralKey, char[] pin) throws CryptnoxException {
        return decryptCommand(0x00, ephemeralKey, new byte[0], pin);
    }

    /**
     * DECRYPT P1 01: the card decrypts {@code ciphertext} (AES-128-CBC, whole blocks, no padding
     * removed: the padding is the caller's, notes §4.2) under the key it shares with
     * {@code ephemeralKey}. {@code pin} may be null after {@link UserKeys#open}.
     */
    public byte[] decrypt(ECPublicKey ephemeralKey, byte[] ciphertext, char[] pin) throws CryptnoxException {
        if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
            throw new IllegalArgumentException("DECRYPT takes whole 16-byte blocks, not " + ciphertext.length + " bytes");
        }
        return decryptCommand(0x01, ephemeralKey, ciphertext, pin);
    }

    /** DECRYPT of a message made by {@link Ecies#encrypt}: the card decrypts, the host removes the PKCS#7 padding. */
    public byte[] decrypt(Ecies.Message message, char[] pin) throws CryptnoxException {
        byte[] padded = decrypt(message.ephemeralKey(), message.ciphertext(), pin);
        try {
            return Ecies.unpad(padded);
        } catch (IllegalArgumentException e) {
            throw new CardProtocolException("DECRYPT: " + e.getMessage()
                    + " (a message for another key, or not made with PKCS#7 padding)");
        } finally {
            Codes.wipe(padded);
        }
    }

    private byte[] decryptCommand(int p1, ECPublicKey ephemeralKey, byte[] ciphertext, char[] pin) throws CryptnoxException {
        requireSeed();
        requireBasic("DECRYPT");
        byte[] point = P256.encode(ephemeralKey);
        try {
            if (!ephemeralKey.getParams().getOrder().equals(P256.params().getOrder())) {
                throw new GeneralSecurityException("another curve");
            }
            P256.publicKey(point); // on the curve, not infinity
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("DECRYPT takes a P-256 public key");
        }
        byte[] p = pinField(pin, "DECRYPT");
        byte[] data = Codes.concat(p, point, ciphertext);
        ResponseApdu r;
        try {
            r = secureRaw(0xC4, p1, 0, data, false);
        } finally {
            Codes.wipe(p, data);
        }
        if ((r.sw() & 0xFFF0) == 0x63C0) {
            dropAuthentication();
        }
        byte[] d = check(r, "DECRYPT", StatusWords.Counter.PIN);
        int expected = p1 == 0 ? 32 : ciphertext.length;
        if (d.length != expected) {
            Codes.wipe(d);
            throw new CardProtocolException("DECRYPT: the card answered " + d.length + " bytes, expected " + expected);
        }
        return d;
    }

    /**
     * The NFT card's signature check ({@code F8 01}): the card signs "CR" ‖ {@code nonce} (16 bytes)
     * ‖ … with its current secp256k1 key. The reply's layout is checked here; whether it verifies is
     * the business of whoever knows the NFT's public key ({@link NftSignatureCheck#verify}).
     */
    public NftSignatureCheck signatureCheck(byte[] nonce) throws CryptnoxException {
        if (type != CardType.NFT) {
            throw new CardStateException("the signature check is an NFT card command; this is a " + type.displayName());
        }
        requireSeed();
        if (nonce.length != 16) {
            throw new IllegalArgumentException("the signature check takes a 16-byte nonce, not " + nonce.length);
        }
        byte[] d = secure(0xF8, 0x01, 0, nonce.clone(), false, "SIGNATURE CHECK", StatusWords.Counter.PIN);
        try {
            return NftSignatureCheck.parse(d, nonce);
        } catch (IllegalArgumentException e) {
            throw new CardProtocolException("SIGNATURE CHECK: " + e.getMessage());
        }
    }

    /** {@link #signatureCheck(byte[])} with a fresh random nonce. */
    public NftSignatureCheck signatureCheck() throws CryptnoxException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return signatureCheck(nonce);
    }

    // ---------------------------------------------------------------- user keys

    /** The user-key commands (ADD, DELETE, READ, challenge-response, authorised signing); Basic cards. */
    public UserKeys userKeys() {
        return new UserKeys(this);
    }

    /**
     * SIGN of a hash a user key authorised in this session ({@link UserKeys#authorizeSignature}): no
     * PIN is sent. The signature is checked against {@code expectedKey} when given (the card cannot
     * be asked for the key without a PIN or user-key session).
     */
    public byte[] signAuthorized(byte[] hash, KeyType type, DerivationPath path, CardPublicKey expectedKey)
            throws CryptnoxException {
        if (hash.length != 32) {
            throw new IllegalArgumentException("the card signs a 32-byte hash, not " + hash.length + " bytes");
        }
        path = onTheFly(path);
        requireSeed();
        if (path != null) {
            requireBasic("derivation");
        }
        byte[] data = path == null ? hash.clone() : Codes.concat(hash, path.toBytes());
        int p1 = type.p1Bit() | (path == null ? 0 : 0x01 | path.source().p1Bits());
        byte[] sig = secure(0xC0, p1, 0, data, false, "SIGN (user key)", StatusWords.Counter.PIN);
        if (sig.length == 0 || sig[0] != 0x30 || (expectedKey != null && !expectedKey.verify(hash, sig))) {
            throw new CardProtocolException("SIGN (user key): the card's signature does not verify with the expected key");
        }
        return sig;
    }

    /**
     * The PIN field of a command that takes "the PIN, unless a user key opened the session": empty
     * after a user key answered the challenge in this channel (the card then reads no PIN), else the
     * 9-byte PIN.
     */
    private byte[] pinField(char[] pin, String op) {
        if (userKeyAuthenticated()) {
            return new byte[0];
        }
        if (pin == null) {
            throw new IllegalArgumentException(op + ": a PIN is needed (no user key opened this session)");
        }
        return Codes.pin(pin);
    }

    /** True when a user key answered the card's challenge in this session (as far as the host knows). */
    public boolean userKeyAuthenticated() {
        return userKeyAuthenticated && secureChannelOpen();
    }

    void userKeyOpened() {
        userKeyAuthenticated = true;
    }

    private void dropAuthentication() {
        pinVerified = false;
        userKeyAuthenticated = false;
    }

    // package-private plumbing for UserKeys

    void requireInitializedBasic(String what) throws CardStateException {
        requireInitialized();
        requireBasic(what);
    }

    ResponseApdu secureExchange(int ins, int p1, int p2, byte[] data, boolean extended) throws CryptnoxException {
        return secureRaw(ins, p1, p2, data, extended);
    }

    void refreshStatus() throws CryptnoxException {
        select();
    }

    // ---------------------------------------------------------------- information

    /** GET CARD INFO: seed source, owner, signature counter. */
    public CardInfo info() throws CryptnoxException {
        requireInitialized();
        return CardInfo.parse(secure(0xFA, 0, 0, new byte[0], false, "GET CARD INFO", StatusWords.Counter.PIN));
    }

    public long signingCounter() throws CryptnoxException {
        return info().signingCounter();
    }

    /** GET HISTORY entry {@code index} (0 = newest, up to 148); PIN verified. */
    public HistoryEntry history(int index) throws CryptnoxException {
        requireInitialized();
        if (index < 0 || index >= HISTORY_SIZE) {
            throw new IllegalArgumentException("history entries are numbered 0 to " + (HISTORY_SIZE - 1));
        }
        byte[] d = secure(0xFB, index, 0, new byte[0], false, "GET HISTORY", StatusWords.Counter.PIN);
        if (d.length != 36) {
            throw new CardProtocolException("GET HISTORY: " + d.length + " bytes, expected 36");
        }
        long counter = ((long) (d[0] & 0xFF) << 24) | ((d[1] & 0xFF) << 16) | ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
        return new HistoryEntry(index, counter, Arrays.copyOfRange(d, 4, 36));
    }

    /** {@code n} bytes from the card's TRNG: 16 to 64, a multiple of 4. */
    public byte[] randomBytes(int n) throws CryptnoxException {
        requireInitialized();
        requireBasic("the random number generator");
        if (n < 16 || n > 64 || n % 4 != 0) {
            throw new IllegalArgumentException("the card makes 16 to 64 random bytes, a multiple of 4; not " + n);
        }
        byte[] d = secure(0xD3, n, 0, new byte[0], false, "GENERATE RANDOM", StatusWords.Counter.PIN);
        if (d.length != n) {
            throw new CardProtocolException("GENERATE RANDOM: " + d.length + " bytes instead of " + n);
        }
        return d;
    }

    // ---------------------------------------------------------------- user data and custom bytes

    /** The user data (up to 3,600 bytes), PIN verified. {@code slot} is 0 on Basic cards. */
    public byte[] readUserData(int slot) throws CryptnoxException {
        requireInitialized();
        int p1 = userDataP1(slot);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int page = 0; page < USER_DATA_PAGES; page++) {
            ResponseApdu r = secureRaw(0xFA, p1, page + 1, new byte[0], true);
            if (r.sw() == StatusWords.WRONG_P1P2 || r.sw() == StatusWords.INCORRECT_P1P2) {
                break;
            }
            byte[] d = check(r, "READ DATA", StatusWords.Counter.PIN);
            if (d.length > USER_DATA_PAGE) {
                throw new CardProtocolException("READ DATA: a page of " + d.length + " bytes");
            }
            out.writeBytes(d);
            Codes.wipe(d);
            if (d.length < USER_DATA_PAGE) {
                break;
            }
        }
        return out.toByteArray();
    }

    /** Replaces the user data (1 to 3,600 bytes), PIN verified. */
    public void writeUserData(int slot, byte[] data) throws CryptnoxException {
        requireInitialized();
        int p1 = userDataP1(slot);
        if (data.length == 0 || data.length > USER_DATA_MAX) {
            throw new IllegalArgumentException("user data has 1 to " + USER_DATA_MAX + " bytes, not " + data.length);
        }
        for (int page = 0; page * USER_DATA_PAGE < data.length; page++) {
            byte[] chunk = Arrays.copyOfRange(data, page * USER_DATA_PAGE, Math.min(data.length, (page + 1) * USER_DATA_PAGE));
            try {
                secure(0xFC, p1, page, chunk, false, "WRITE DATA", StatusWords.Counter.PIN);
            } finally {
                Codes.wipe(chunk);
            }
        }
    }

    private int userDataP1(int slot) {
        if (type == CardType.NFT) {
            if (slot < 0 || slot > 3) {
                throw new IllegalArgumentException("NFT cards have user data slots 0 to 3");
            }
            return slot + 1;
        }
        if (slot != 0) {
            throw new IllegalArgumentException("Basic cards have one user data slot, 0");
        }
        return 0;
    }

    /** The 16 public custom bytes (from SELECT: readable by anyone, no PIN). */
    public byte[] customBytes() {
        return select.customBytes();
    }

    /**
     * Custom bit {@code i} (0 to 127) of the public custom bytes: bit {@code i % 8} of byte
     * {@code 15 - i / 8}, so bits 0–7 are those of the last byte, as the Python library numbers them
     * (its arithmetic past bit 7 is broken; this continues the same order).
     */
    public boolean customBit(int i) {
        checkBit(i);
        return (select.customBytes()[15 - i / 8] & (1 << (i % 8))) != 0;
    }

    /** Sets or clears custom bit {@code i} (rewrites the 16 custom bytes), PIN verified. */
    public void setCustomBit(int i, boolean value) throws CryptnoxException {
        checkBit(i);
        byte[] c = select.customBytes();
        int mask = 1 << (i % 8);
        c[15 - i / 8] = (byte) (value ? c[15 - i / 8] | mask : c[15 - i / 8] & ~mask);
        writeCustomBytes(c);
    }

    private static void checkBit(int i) {
        if (i < 0 || i > 127) {
            throw new IllegalArgumentException("custom bits are numbered 0 to 127, not " + i);
        }
    }

    /** Writes the 16 custom bytes, PIN verified. */
    public void writeCustomBytes(byte[] custom) throws CryptnoxException {
        requireInitialized();
        if (custom.length != 16) {
            throw new IllegalArgumentException("the custom bytes are exactly 16, not " + custom.length);
        }
        secure(0xFC, 0x01, 0, custom.clone(), false, "WRITE DATA (custom)", StatusWords.Counter.PIN);
        // the card now answers these bytes at SELECT; keep the session rather than re-select
        select = new SelectResponse(select.typeByte(), select.version(), select.statusFlags(), select.userKeyFlags(),
                custom.clone());
    }

    // ---------------------------------------------------------------- PUK-protected settings

    /** RESET to factory state (not initialised, no seed, no user data), with the PUK. */
    public void reset(char[] puk) throws CryptnoxException {
        requireInitialized();
        byte[] k = Codes.puk(puk);
        try {
            secure(0xFD, 0, 0, k, false, "RESET", StatusWords.Counter.PUK);
        } finally {
            Codes.wipe(k);
        }
        select();
    }

    /** SET PIN AUTH: turn PIN authentication on or off (off needs a user key). */
    public void setPinAuthentication(boolean enabled, char[] puk) throws CryptnoxException {
        pukSetting(0xC3, 0, new byte[] {(byte) (enabled ? 0x00 : 0x01)}, puk, "SET PIN AUTH");
    }

    /** SET PUB EXPORT P1 00: allow the extended public key read. */
    public void setExtendedPublicKeyExport(boolean enabled, char[] puk) throws CryptnoxException {
        pukSetting(0xC5, 0x00, new byte[] {(byte) (enabled ? 1 : 0)}, puk, "SET PUB EXPORT");
    }

    /** SET PUB EXPORT P1 01: allow reading the current public key without secure channel. */
    public void setClearPublicKeyRead(boolean enabled, char[] puk) throws CryptnoxException {
        pukSetting(0xC5, 0x01, new byte[] {(byte) (enabled ? 1 : 0)}, puk, "SET PUB EXPORT");
    }

    /** SET PINLESS PATH (must start m/43'/60'/1581', 3 to 8 levels), or null to disable. */
    public void setPinlessPath(DerivationPath path, char[] puk) throws CryptnoxException {
        requireInitialized();
        if (path != null && (path.source() != DerivationPath.Source.MASTER || path.depth() < 3)) {
            throw new IllegalArgumentException("a PIN-less path is absolute, with 3 to 8 levels, starting m/43'/60'/1581'");
        }
        byte[] k = Codes.puk(puk);
        byte[] data = path == null ? k.clone() : Codes.concat(k, path.toBytes());
        try {
            secure(0xC1, 0, 0, data, false, "SET PINLESS PATH", StatusWords.Counter.PUK);
        } finally {
            Codes.wipe(k, data);
        }
        select();
    }

    /** CHANGE PAIRING KEY: the new 32-byte pairing secret, used by this object from now on. */
    public void changePairingSecret(byte[] newSecret, char[] puk) throws CryptnoxException {
        if (newSecret.length != 32) {
            throw new IllegalArgumentException("a pairing secret has 32 bytes, not " + newSecret.length);
        }
        requireInitialized();
        byte[] k = Codes.puk(puk);
        byte[] data = Codes.concat(newSecret, k);
        try {
            secure(0xDA, 0, 0, data, false, "CHANGE PAIRING KEY", StatusWords.Counter.PUK);
            System.arraycopy(newSecret, 0, pairingSecret, 0, 32);
        } finally {
            Codes.wipe(k, data);
        }
    }

    private void pukSetting(int ins, int p1, byte[] prefix, char[] puk, String op) throws CryptnoxException {
        requireInitialized();
        byte[] k = Codes.puk(puk);
        byte[] data = Codes.concat(prefix, k);
        try {
            secure(ins, p1, 0, data, false, op, StatusWords.Counter.PUK);
        } finally {
            Codes.wipe(k, data);
        }
        select();
    }

    // ---------------------------------------------------------------- plumbing

    private void requireInitialized() throws CardStateException {
        if (closed) {
            throw new IllegalStateException("the card is closed");
        }
        if (!select.initialized()) {
            throw new CardStateException("the card is not initialised (run init first)");
        }
    }

    private void requireSeed() throws CardStateException {
        requireInitialized();
        if (!select.seedLoaded()) {
            throw new CardStateException("the card has no seed (generate or load one first)");
        }
    }

    private void requireBasic(String what) throws CardStateException {
        if (type == CardType.NFT) {
            throw new CardStateException("NFT cards do not offer " + what);
        }
    }

    private ResponseApdu plain(CommandApdu c, String op) throws CryptnoxException {
        ResponseApdu r = ResponseApdu.parse(connection.transmit(c.encode()));
        if (!r.ok()) {
            throw StatusWords.toException(r.sw(), op, StatusWords.Counter.PIN);
        }
        return r;
    }

    /** A secure command whose inner SW must be 9000; returns the inner data. */
    private byte[] secure(int ins, int p1, int p2, byte[] data, boolean extended, String op, StatusWords.Counter counter)
            throws CryptnoxException {
        return check(secureRaw(ins, p1, p2, data, extended), op, counter);
    }

    private static byte[] check(ResponseApdu r, String op, StatusWords.Counter counter) throws CardStatusException {
        if (!r.ok()) {
            throw StatusWords.toException(r.sw(), op, counter);
        }
        return r.data();
    }

    private ResponseApdu secureRaw(int ins, int p1, int p2, byte[] data, boolean extended) throws CryptnoxException {
        if (closed) {
            throw new IllegalStateException("the card is closed");
        }
        if (channel == null || !channel.isOpen()) {
            dropAuthentication();
            channel = SecureChannel.open(connection, sessionKey, pairingSecret, 0, random);
        }
        return channel.transmit(ins, p1, p2, data, extended);
    }

    private void closeChannel() {
        dropAuthentication();
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** True while a secure channel is open (tests and diagnostics). */
    public boolean secureChannelOpen() {
        return channel != null && channel.isOpen();
    }

    /** Closes the secure channel and the connection and wipes the pairing secret. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeChannel();
        Arrays.fill(pairingSecret, (byte) 0);
        connection.close();
    }

    @Override
    public String toString() {
        return "CryptnoxCard[" + (type == null ? "?" : type.displayName()) + ", " + connection.description() + "]";
    }

}
