package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.Firmware;
import io.pqrstuv.cryptnox.emulator.apdu.CommandApdu;
import io.pqrstuv.cryptnox.emulator.apdu.Responses;
import io.pqrstuv.cryptnox.emulator.apdu.Sw;
import io.pqrstuv.cryptnox.emulator.apdu.SwException;
import io.pqrstuv.cryptnox.emulator.crypto.Curve;
import io.pqrstuv.cryptnox.emulator.crypto.ManufacturerCa;
import io.pqrstuv.cryptnox.emulator.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Cryptnox applet (firmware 1.6.1 command set, plus SIGN PUBLIC and seed wrapping on a 2.0.0
 * card; Basic G1 or NFT): APDU in, response APDU out.
 * Not thread-safe; {@link io.pqrstuv.cryptnox.emulator.CardEmulator} serialises access like a card
 * reader does.
 *
 * <p>Dispatch: SELECT, GET CARD PUBKEY, GET MANUFACTURER CERTIFICATE, GET CARD CERTIFICATE, INIT and
 * OPEN SECURE CHANNEL are plain; every other command goes through the secure channel (a plain
 * 6985 when none is open, a plain 6982 and a closed channel when its MAC, length or padding is
 * wrong), except the two documented plain forms: PIN-less SIGN (P1=03 with a bare 32-byte hash) and
 * the clear public key read (GET PUBKEY without data).
 */
public final class CryptnoxApplet {
    private static final Logger LOG = Logger.getLogger(CryptnoxApplet.class.getName());
    static final byte[] AID = {(byte) 0xA0, 0x00, 0x00, 0x10, 0x00, 0x01, 0x12};

    private final Card card;
    private final CardCommands cardCommands;
    private final WalletCommands walletCommands;
    private final UserKeyCommands userKeyCommands;

    private CryptnoxApplet(Card card) {
        this.card = card;
        this.cardCommands = new CardCommands(card);
        this.walletCommands = new WalletCommands(card);
        this.userKeyCommands = new UserKeyCommands(card);
    }

    /**
     * Loads the card from its store, or makes a blank card of {@code type} (with a new serial,
     * static key and manufacturer certificate) when the store is empty.
     *
     * @param type the expected type, or null to accept the stored one (a new card is then Basic G1)
     * @param firmware the expected firmware, or null to accept the stored one (a new card is then 1.6.1)
     * @throws IOException if the store cannot be read or written
     * @throws IllegalArgumentException if the stored card has another type or firmware, or the store
     *                                  holds no valid state
     */
    public static CryptnoxApplet load(StateStore store, CardType type, Firmware firmware, SecureRandom random,
            SecureRandom signingRandom) throws IOException {
        Optional<byte[]> saved = store.load();
        if (saved.isPresent()) {
            CardState state;
            try {
                state = StateCodec.decode(saved.get());
            } catch (StateCodec.BadStateException | IllegalArgumentException e) {
                throw new IllegalArgumentException(store.describe() + ": " + e.getMessage(), e);
            }
            if (type != null && state.type != type) {
                throw new IllegalArgumentException(store.describe() + " holds an " + state.type + " card, not "
                        + type + " (leave out --type, or use another state file)");
            }
            if (firmware != null && state.firmware != firmware) {
                throw new IllegalArgumentException(store.describe() + " holds a card with firmware " + state.firmware
                        + ", not " + firmware + " (a card's firmware is fixed: leave out --firmware, or use another "
                        + "state file)");
            }
            return new CryptnoxApplet(new Card(state, store, random, signingRandom, saved.get()));
        }
        CardState blank = manufacture(type == null ? CardType.BASIC_G1 : type,
                firmware == null ? Firmware.V1_6_1 : firmware, random);
        Card card = new Card(blank, store, random, signingRandom, null);
        try {
            card.commit();
        } catch (Card.PersistenceFailure e) {
            throw (IOException) e.getCause();
        }
        return new CryptnoxApplet(card);
    }

    /** A new card off the production line: serial, static key, certificate from the emulator CA. */
    private static CardState manufacture(CardType type, Firmware firmware, SecureRandom random) {
        byte[] serial = new byte[8];
        do {
            random.nextBytes(serial);
            serial[0] &= 0x7F;
        } while (serial[0] == 0);
        byte[] key;
        do {
            key = new byte[32];
            random.nextBytes(key);
        } while (!Curve.SECP256R1.isValidScalar(key));
        byte[] cert = ManufacturerCa.issue(serial, Curve.SECP256R1.publicKey(key), Instant.now());
        return new CardState(type, firmware, serial, key, cert);
    }

    public CardType type() {
        return card.state.type;
    }

    public Firmware firmware() {
        return card.state.firmware;
    }

    /** The card serial number (8 bytes). */
    public byte[] serial() {
        return card.state.serial();
    }

    public byte[] manufacturerCertificate() {
        return card.state.certificate();
    }

    /** Power on, power off and warm reset all clear the transient memory. */
    public void powerReset() {
        card.session.powerReset();
    }

    public void close() {
        card.close();
        try {
            card.store.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Processes one command APDU; never throws for bad input. */
    public byte[] process(byte[] raw) {
        CommandApdu apdu;
        try {
            apdu = CommandApdu.parse(raw);
        } catch (SwException e) {
            return Responses.sw(e.sw());
        }
        Session s = card.session;
        boolean afterOpen = s.awaitingMutualAuth;
        s.awaitingMutualAuth = false;
        try {
            return dispatch(apdu, afterOpen);
        } catch (SwException e) {
            return Responses.sw(e.sw());
        } catch (Card.PersistenceFailure e) {
            LOG.log(Level.SEVERE, e.getMessage());
            card.rollback();
            return Responses.sw(Sw.UNKNOWN);
        } catch (RuntimeException e) {
            // a bug, not bad input: the card answers "no precise diagnosis" and keeps running
            LOG.log(Level.SEVERE, "internal error processing " + apdu, e);
            return Responses.sw(Sw.UNKNOWN);
        } finally {
            apdu.wipe();
        }
    }

    private byte[] dispatch(CommandApdu apdu, boolean afterOpen) {
        Session s = card.session;
        if (apdu.cla() == 0x00 && apdu.ins() == 0xA4) {
            return select(apdu);
        }
        if (!s.selected) {
            throw new SwException(Sw.INS_NOT_SUPPORTED);
        }
        if (apdu.cla() != 0x80) {
            throw new SwException(Sw.CLA_NOT_SUPPORTED);
        }
        int ins = apdu.ins();
        switch (ins) {
            case 0xF4:
                return Responses.of(Curve.SECP256R1.publicKey(card.state.staticPrivateKey), Sw.OK);
            case 0xF7:
                return manufacturerCertificatePage(apdu);
            case 0xF8:
                if (apdu.p1() == 0x00) {
                    return cardCertificate(apdu);
                }
                break;
            case 0xFE:
                return init(apdu);
            case 0x10:
                return openSecureChannel(apdu);
            case 0x11:
                return mutuallyAuthenticate(apdu, afterOpen);
            case 0xC0:
                if (apdu.p1() == 0x03 && apdu.data().length == 32) {
                    return Responses.of(walletCommands.signPinless(apdu.p2(), apdu.data()), Sw.OK);
                }
                break;
            case 0xC2:
                if (apdu.data().length == 0) {
                    return Responses.of(walletCommands.clearPublicKey(apdu.p1(), apdu.p2()), Sw.OK);
                }
                break;
            default:
                break;
        }
        if (!isSecureCommand(apdu)) {
            throw new SwException(Sw.INS_NOT_SUPPORTED);
        }
        return secure(apdu);
    }

    private boolean isSecureCommand(CommandApdu apdu) {
        boolean nft = card.state.type == CardType.NFT;
        boolean v2 = card.state.firmware.hasSeedWrapAndSignPublic();
        return switch (apdu.ins()) {
            case 0x20, 0x21, 0x22, 0xD4, 0xC0, 0xC2, 0xC5, 0xDA, 0xFA, 0xFB, 0xFC, 0xFD -> true;
            case 0xF8 -> nft;
            // not in the NFT applet (the library refuses them for NFT cards: notes §2.19)
            case 0xD0, 0xD1, 0xD3, 0xC1, 0xC3, 0xC4, 0xD5, 0xD6, 0xD7 -> !nft;
            // C6 SIGN PUBLIC and F9 RSA seed-wrap key came with firmware 2.0 (Basic cards)
            case 0xC6, 0xF9 -> v2 && !nft;
            default -> false;
        };
    }

    private byte[] secure(CommandApdu apdu) {
        Session s = card.session;
        if (s.channel.state() != SecureChannel.State.OPEN) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        Optional<byte[]> plain = s.channel.unwrap(apdu);
        if (plain.isEmpty()) {
            abortChannel();
            return Responses.sw(Sw.SECURITY_STATUS);
        }
        byte[] data = plain.get();
        byte[] out;
        int sw;
        try {
            out = handle(apdu.ins(), apdu.p1(), apdu.p2(), data);
            sw = Sw.OK;
        } catch (SwException e) {
            out = new byte[0];
            sw = e.sw();
        } catch (Card.PersistenceFailure e) {
            LOG.log(Level.SEVERE, e.getMessage());
            card.rollback();
            out = new byte[0];
            sw = Sw.UNKNOWN;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "internal error processing " + apdu, e);
            out = new byte[0];
            sw = Sw.UNKNOWN;
        } finally {
            Arrays.fill(data, (byte) 0);
        }
        byte[] wrapped = s.channel.wrap(out, sw);
        Arrays.fill(out, (byte) 0);
        if (apdu.ins() == 0xFD && sw == Sw.OK) {
            // RESET: the card is blank again; its sessions end with the reply
            s.endSession();
            s.selected = true;
        }
        return Responses.of(wrapped, Sw.OK);
    }

    private byte[] handle(int ins, int p1, int p2, byte[] data) {
        return switch (ins) {
            case 0x20 -> cardCommands.verifyPin(p1, p2, data);
            case 0x21 -> cardCommands.changePinPuk(p1, data);
            case 0x22 -> cardCommands.unblockPin(data);
            case 0xFA -> cardCommands.readData(p1, p2);
            case 0xFB -> cardCommands.history(p1);
            case 0xFC -> cardCommands.writeData(p1, p2, data);
            case 0xD3 -> cardCommands.random(p1);
            case 0xDA -> cardCommands.changePairingKey(p1, data);
            case 0xC3 -> cardCommands.setPinAuth(data);
            case 0xFD -> cardCommands.reset(data);
            case 0xD0 -> walletCommands.loadKey(p1, data);
            case 0xD1 -> walletCommands.derive(p1, data);
            case 0xD4 -> walletCommands.generateKey(data);
            case 0xC0 -> walletCommands.sign(p1, p2, data);
            case 0xC2 -> walletCommands.publicKey(p1, p2, data);
            case 0xC4 -> walletCommands.decrypt(p1, data);
            case 0xC6 -> walletCommands.signPublic(p1, p2, data);
            case 0xF9 -> walletCommands.generateSeedWrapKey(p1, p2, data);
            case 0xC1 -> walletCommands.setPinlessPath(data);
            case 0xC5 -> walletCommands.setPubExport(p1, data);
            case 0xF8 -> walletCommands.nftSignatureCheck(p1, data);
            case 0xD5 -> userKeyCommands.add(data);
            case 0xD6 -> userKeyCommands.check(p1, p2, data);
            case 0xD7 -> userKeyCommands.delete(data);
            default -> throw new SwException(Sw.INS_NOT_SUPPORTED);
        };
    }

    private void abortChannel() {
        Session s = card.session;
        s.channel.close();
        s.dropAuth();
    }

    // ---- plain setup commands ----

    private byte[] select(CommandApdu apdu) {
        Session s = card.session;
        if (apdu.p1() != 0x04 || (apdu.p2() & 0xF3) != 0) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        if (!Arrays.equals(apdu.data(), AID)) {
            throw new SwException(Sw.FILE_NOT_FOUND);
        }
        // (re)selection ends the session: secure channel, PIN state, session key
        s.endSession();
        s.selected = true;
        return Responses.of(selectResponse(), Sw.OK);
    }

    private byte[] selectResponse() {
        CardState st = card.state;
        byte[] r = new byte[24];
        r[0] = st.type.selectByte();
        System.arraycopy(st.firmware.versionBytes(), 0, r, 1, 3);
        int flags = (st.initialized ? 0x40 : 0) | (st.hasKey() ? 0x20 : 0) | (st.pinAuth ? 0x10 : 0)
                | (st.pinlessPath != null ? 0x08 : 0) | (st.xpubExport ? 0x04 : 0) | (st.clearPubRead ? 0x02 : 0);
        r[5] = (byte) flags;
        int keys = 0;
        for (int slot = 1; slot <= CardState.USER_KEY_SLOTS; slot++) {
            if (st.userKeys[slot] != null) {
                keys |= 1 << (slot - 1);
            }
        }
        r[7] = (byte) keys;
        System.arraycopy(st.customBytes, 0, r, 8, 16);
        return r;
    }

    /** F7: page 0 = 2-byte length ‖ first 253 bytes; page n = the next 255 bytes. */
    private byte[] manufacturerCertificatePage(CommandApdu apdu) {
        if (apdu.p1() != 0) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        byte[] cert = card.state.certificate;
        int page = apdu.p2();
        if (page == 0) {
            int n = Math.min(253, cert.length);
            byte[] r = new byte[2 + n];
            r[0] = (byte) (cert.length >> 8);
            r[1] = (byte) cert.length;
            System.arraycopy(cert, 0, r, 2, n);
            return Responses.of(r, Sw.OK);
        }
        int from = 253 + 255 * (page - 1);
        if (from >= cert.length) {
            throw new SwException(Sw.WRONG_P1P2);
        }
        return Responses.of(Arrays.copyOfRange(cert, from, Math.min(cert.length, from + 255)), Sw.OK);
    }

    /** F8: a fresh session key pair, 'C' ‖ nonce ‖ pub signed by the static key. */
    private byte[] cardCertificate(CommandApdu apdu) {
        byte[] nonce = apdu.data();
        if (nonce.length != 8) {
            throw new SwException(Sw.INVALID_DATA);
        }
        Session s = card.session;
        if (s.sessionKey != null) {
            Arrays.fill(s.sessionKey, (byte) 0);
        }
        s.sessionKey = card.newP256Key();
        byte[] body = new byte[74];
        body[0] = 'C';
        System.arraycopy(nonce, 0, body, 1, 8);
        System.arraycopy(Curve.SECP256R1.publicKey(s.sessionKey), 0, body, 9, 65);
        byte[] sig = card.signer.sign(Curve.SECP256R1, card.state.staticPrivateKey,
                io.pqrstuv.cryptnox.emulator.crypto.Hashes.sha256(body), false);
        byte[] r = Arrays.copyOf(body, body.length + sig.length);
        System.arraycopy(sig, 0, r, body.length, sig.length);
        return Responses.of(r, Sw.OK);
    }

    /** FE INIT: 41 ‖ host key ‖ IV ‖ AES-256-CBC(raw ECDH X, M2pad(params)). */
    private byte[] init(CommandApdu apdu) {
        CardState st = card.state;
        if (st.initialized) {
            throw new SwException(Sw.INS_NOT_SUPPORTED);
        }
        Session s = card.session;
        if (s.sessionKey == null) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        byte[] d = apdu.data();
        int ctLen = d.length - 82;
        if (d.length < 98 || d[0] != 0x41 || ctLen % 16 != 0) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] key;
        try {
            key = Curve.SECP256R1.ecdhX(s.sessionKey,
                    Curve.SECP256R1.decodeUncompressed(Arrays.copyOfRange(d, 1, 66)));
        } catch (IllegalArgumentException e) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] padded = io.pqrstuv.cryptnox.emulator.crypto.Aes.decrypt(key, Arrays.copyOfRange(d, 66, 82),
                Arrays.copyOfRange(d, 82, d.length));
        Arrays.fill(key, (byte) 0);
        Optional<byte[]> plain = io.pqrstuv.cryptnox.emulator.crypto.M2Padding.unpad(padded);
        Arrays.fill(padded, (byte) 0);
        if (plain.isEmpty()) {
            throw new SwException(Sw.INVALID_DATA);
        }
        byte[] p = plain.get();
        try {
            InitParams params = InitParams.parse(p, st.type);
            st.name = params.name;
            st.email = params.email;
            st.pin = params.pin;
            st.puk = params.puk;
            st.pairingKey = params.pairingKey;
            st.nfcSign = params.nfcSign;
            st.pinTriesLeft = CardState.PIN_TRIES;
            st.pinAuth = true;
            st.initialized = true;
            card.commit();
        } finally {
            Arrays.fill(p, (byte) 0);
        }
        s.pinTriesThisCycle = Session.PIN_TRIES_PER_CYCLE;
        return Responses.sw(Sw.OK);
    }

    /** The decrypted INIT parameters (notes §2.5). */
    private record InitParams(byte[] name, byte[] email, byte[] pin, byte[] puk, byte[] pairingKey, boolean nfcSign) {
        static InitParams parse(byte[] p, CardType type) {
            int i = 0;
            int nameLen = p.length > 0 ? p[i++] & 0xFF : -1;
            if (nameLen < 0 || nameLen > 20 || i + nameLen >= p.length) {
                throw new SwException(Sw.WRONG_DATA);
            }
            byte[] name = Arrays.copyOfRange(p, i, i + nameLen);
            i += nameLen;
            int emailLen = p[i++] & 0xFF;
            int tail = 9 + 12 + (type == CardType.NFT ? 2 : 0) + 32;
            if (emailLen > 60 || p.length != i + emailLen + tail) {
                throw new SwException(Sw.WRONG_DATA);
            }
            byte[] email = Arrays.copyOfRange(p, i, i + emailLen);
            i += emailLen;
            byte[] pin = Arrays.copyOfRange(p, i, i + 9);
            i += 9;
            byte[] puk = Arrays.copyOfRange(p, i, i + 12);
            i += 12;
            boolean nfcSign = false;
            if (type == CardType.NFT) {
                int marker = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
                if (marker != 0x5A5A && marker != 0xA5A5) {
                    throw new SwException(Sw.WRONG_DATA);
                }
                nfcSign = marker == 0x5A5A;
                i += 2;
            }
            byte[] pairing = Arrays.copyOfRange(p, i, i + 32);
            if (!Auth.validPin(pin) || !Auth.validPuk(puk)) {
                Arrays.fill(pin, (byte) 0);
                Arrays.fill(puk, (byte) 0);
                Arrays.fill(pairing, (byte) 0);
                throw new SwException(Sw.WRONG_DATA);
            }
            return new InitParams(name, email, pin, puk, pairing, nfcSign);
        }

        @Override
        public String toString() {
            return "InitParams[…]";
        }
    }

    /** 10 OPEN SECURE CHANNEL: P1 00 = pairing slot 0, FF = the PUK-derived key; replies a 32-byte salt. */
    private byte[] openSecureChannel(CommandApdu apdu) {
        CardState st = card.state;
        Session s = card.session;
        if (!st.initialized) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        if (apdu.p1() != 0x00 && apdu.p1() != 0xFF) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        byte[] x;
        try {
            x = Curve.SECP256R1.ecdhX(requireSessionKey(), Curve.SECP256R1.decodeUncompressed(apdu.data()));
        } catch (IllegalArgumentException e) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] pairing = apdu.p1() == 0xFF ? Auth.pukPairingKey(st.puk) : st.pairingKey.clone();
        byte[] salt = card.randomBytes(32);
        s.dropAuth();
        s.channel.open(x, pairing, salt);
        Arrays.fill(x, (byte) 0);
        Arrays.fill(pairing, (byte) 0);
        s.awaitingMutualAuth = true;
        return Responses.of(salt, Sw.OK);
    }

    private byte[] requireSessionKey() {
        byte[] k = card.session.sessionKey;
        if (k == null) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        return k;
    }

    /** 11 MUTUALLY AUTHENTICATE: 32 random bytes each way, under the new keys. */
    private byte[] mutuallyAuthenticate(CommandApdu apdu, boolean afterOpen) {
        Session s = card.session;
        if (!afterOpen || s.channel.state() != SecureChannel.State.OPENING) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        Optional<byte[]> plain = s.channel.unwrap(apdu);
        if (plain.isEmpty() || plain.get().length != 32) {
            abortChannel();
            return Responses.sw(Sw.SECURITY_STATUS);
        }
        s.channel.established();
        byte[] wrapped = s.channel.wrap(card.randomBytes(32), Sw.OK);
        return Responses.of(wrapped, Sw.OK);
    }
}
