package io.pqrstuv.cryptnox.emulator;

import static io.pqrstuv.cryptnox.emulator.testing.HostCard.ascii;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.concat;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.path;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.pin;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.crypto.ManufacturerCa;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.SignatureCheck;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Card-level behaviour, black box (raw APDUs through a {@link HostCard}), run against every way of
 * reaching a card: the core in-process, the emulator in a private pcscd through vpcd and
 * javax.smartcardio, remote mode, and — with {@code -Dcryptnox.test.reader=NAME} — any reader of the
 * system's PC/SC daemon (a blank card is needed; the tests leave it blank again with RESET).
 * Each test starts from a blank card.
 */
public abstract class CardContract {
    protected static final HexFormat HEX = HexFormat.of();
    protected static final String PIN = "1234";
    protected static final String PUK = "ABCDEFGHIJKL";
    protected static final byte[] TV1_SEED = HEX.parseHex("000102030405060708090a0b0c0d0e0f");

    /** A new session on the card (power cycle, SELECT, certificate, F8): what get_card does. */
    protected abstract HostCard connect() throws Exception;

    /** Whether the card is this emulator (its certificate chains to the emulator CA). */
    protected boolean emulated() {
        return true;
    }

    protected HostCard initialised() throws Exception {
        HostCard h = connect();
        assertThat(h.init("Alice", "alice@example.com", PIN, PUK, HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
        return openAndVerify();
    }

    protected HostCard openAndVerify() throws Exception {
        HostCard h = connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        return h;
    }

    protected HostCard seeded() throws Exception {
        HostCard h = initialised();
        assertThat(h.secure(0xD0, 0x03, 0, concat(TV1_SEED, pin(PIN))).sw()).isEqualTo(0x9000);
        return h;
    }

    /** Leaves the card blank (so a real card can run the next test). */
    protected void reset(HostCard h) throws Exception {
        if (!h.channelOpen()) {
            h = connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        }
        assertThat(h.secure(0xFD, 0, 0, ascii(PUK)).sw()).isEqualTo(0x9000);
    }

    @Test
    void selectDescribesABlankCard() throws Exception {
        HostCard h = connect();
        HostCard.Response sel = h.select();
        assertThat(sel.sw()).isEqualTo(0x9000);
        byte[] d = sel.data();
        assertThat(d).hasSize(24);
        assertThat(d[0]).isEqualTo((byte) 'B');
        if (emulated()) {
            assertThat(Arrays.copyOfRange(d, 1, 4)).containsExactly(1, 6, 1);
        }
        assertThat(d[5] & 0x60).as("neither initialized nor seeded").isZero();
        assertThat(Arrays.copyOfRange(d, 8, 24)).isEqualTo(new byte[16]);
        assertThat(h.send(HEX.parseHex("00A4040007A0000010000101")).sw()).as("unknown AID").isEqualTo(0x6A82);
    }

    @Test
    void manufacturerCertificateFitsEveryParserOfTheLibrary() throws Exception {
        HostCard h = connect();
        byte[] cert = h.manufacturerCertificate();
        X509Certificate x = h.parsedCertificate();
        assertThat(x.getVersion()).isEqualTo(3);
        assertThat(x.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x.getSerialNumber().signum()).isPositive();
        String hex = HEX.formatHex(cert);
        assertThat(hex).startsWith("3082");
        // the library's fallback serial parser: v3 INTEGER then an 8-byte serial
        assertThat(hex).contains("030201020208" + String.format("%016x", x.getSerialNumber()));
        // the library's key parser: the 65 bytes after prime256v1 OID tail + BIT STRING header
        int at = hex.indexOf("2a8648ce3d030107034200") + 22;
        assertThat(HostCard.p256PublicKey(HEX.parseHex(hex.substring(at, at + 130)))).isEqualTo(x.getPublicKey());
        if (emulated()) {
            assertThat(x.getCriticalExtensionOIDs()).isNull();
            assertThat(x.getNonCriticalExtensionOIDs()).isNull();
            // the library's origin check rebuilds the TBS as cert[4 .. end of key]: no extensions after it
            assertThat(hex.indexOf("2a8648ce3d030107034200") + 22 + 130).isEqualTo(2 * (8 + lengthOfTbs(cert)));
            x.verify(HostCard.p256PublicKey(ManufacturerCa.publicKey()));
        }
        // F8 was verified by HostCard.connect with this certificate's key; a bad nonce length:
        assertThat(h.send(HEX.parseHex("80F80000070102030405060700")).sw()).isEqualTo(0x6984);
    }

    private static int lengthOfTbs(byte[] cert) {
        return ((cert[6] & 0xFF) << 8) | (cert[7] & 0xFF);
    }

    @Test
    void blankCardRefusesTheSecureChannel() throws Exception {
        HostCard h = connect();
        HostCard.Response[] r = h.openSecureChannel(HostCard.DEFAULT_PAIRING, HostCard.newKeyPair(), new byte[32], 0);
        assertThat(r[0].sw()).isEqualTo(0x6985);
    }

    @Test
    void initialisedCardOpensTheChannelAndCountsPinTries() throws Exception {
        HostCard h = initialised();
        byte[] sel = connect().select().data();
        assertThat(sel[5] & 0x70).as("initialized, PIN auth").isEqualTo(0x50);
        h = connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        HostCard.Response tries = h.secure(0x20, 0, 0, new byte[0]);
        assertThat(tries.data()).containsExactly(3);
        assertThat(h.verifyPin("9999").sw()).isEqualTo(0x63C2);
        assertThat(h.secure(0x20, 0, 0, new byte[0]).data()).containsExactly(2);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0x20, 0, 0, new byte[0]).data()).containsExactly(3);
        HostCard.Response info = h.secure(0xFA, 0, 0, new byte[0]);
        assertThat(info.data()).isEqualTo(concat(new byte[] {0, 5}, ascii("Alice"), new byte[] {17},
                ascii("alice@example.com"), new byte[4]));
        reset(h);
    }

    @Test
    void derivationMatchesThePublishedVectorsOnBothCurves() throws Exception {
        HostCard h = seeded();
        String chain = "m/0'/1/2'/2/1000000000";
        assertThat(h.secure(0xD1, 0x00, 0, path(chain)).sw()).isEqualTo(0x9000);
        assertThat(compressed(h.secure(0xC2, 0x00, 0x01, new byte[0])))
                .isEqualTo("022a471424da5e657499d1ff51cb43c47481a03b1e77f951fe64cec9f5a48f7011");
        assertThat(h.secure(0xC2, 0x00, 0x00, new byte[0]).data()).isEqualTo(path(chain));
        assertThat(h.secure(0xD1, 0x10, 0, path(chain)).sw()).isEqualTo(0x9000);
        assertThat(compressed(h.secure(0xC2, 0x10, 0x01, new byte[0])))
                .isEqualTo("02216cd26d31147f72427a453c443ed2cde8a1e53c9cc44e5ddf739725413fe3f4");
        // derive on the fly: does not move the current key
        assertThat(compressed(h.secure(0xC2, 0x11, 0x01, path("m/28578'/33941"))))
                .isEqualTo("0235bfee614c0d5b2cae260000bb1d0d84b270099ad790022c1ae0b2e782efe120");
        assertThat(compressed(h.secure(0xC2, 0x01, 0x01, path("m/0'/1/2'"))))
                .isEqualTo("0357bfe1e341d01c69fe5654309956cbea516822fba8a601743a012a7896ee8dc2");
        assertThat(h.secure(0xC2, 0x10, 0x00, new byte[0]).data()).isEqualTo(path(chain));
        // from the parent (m/0'/1/2'/2) and from the current key
        assertThat(h.secure(0xD1, 0x40, 0, new byte[0]).sw()).isEqualTo(0x9000);
        assertThat(compressed(h.secure(0xC2, 0x00, 0x01, new byte[0])))
                .isEqualTo("02e8445082a72f29b75ca48748a914df60622a609cacfce8ed0e35804560741d29");
        assertThat(h.secure(0xD1, 0x80, 0, path("m/1000000000")).sw()).isEqualTo(0x9000);
        assertThat(compressed(h.secure(0xC2, 0x00, 0x01, new byte[0])))
                .isEqualTo("022a471424da5e657499d1ff51cb43c47481a03b1e77f951fe64cec9f5a48f7011");
        // the master's parent does not exist; depth 9 is refused
        assertThat(h.secure(0xD1, 0x00, 0, new byte[0]).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xD1, 0x40, 0, new byte[0]).sw()).isEqualTo(0x6B00);
        assertThat(h.secure(0xD1, 0x00, 0, path("m/1/2/3/4/5/6/7/8/9")).sw()).isEqualTo(0x6A80);
        assertThat(h.secure(0xD1, 0x00, 0, new byte[] {1, 2, 3}).sw()).isEqualTo(0x6A80);
        // the extended public key needs PUK-enabled export and depth >= 3
        assertThat(h.secure(0xD1, 0x00, 0, path("m/0'/1/2'")).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xC2, 0x00, 0x02, new byte[0]).sw()).isEqualTo(0x6985);
        assertThat(h.secure(0xC5, 0x00, 0, concat(new byte[] {1}, ascii(PUK))).sw()).isEqualTo(0x9000);
        HostCard.Response xpub = h.secure(0xC2, 0x00, 0x02, new byte[0]);
        assertThat(xpub.data()).hasSize(106);
        assertThat(HEX.formatHex(xpub.data(), 0, 5)).isEqualTo("0488b21e03");
        assertThat(HEX.formatHex(xpub.data(), 37, 41)).isEqualTo("80000002");
        assertThat(HEX.formatHex(xpub.data(), 41, 106)).isEqualTo(
                "04466b9cc8e161e966409ca52986c584f07e9dc81f735db683c3ff6ec7b1503f"
                        + "0357bfe1e341d01c69fe5654309956cbea516822fba8a601743a012a7896ee8dc2");
        // SHA-256 of the parent key m/0'/1 (the host applies RIPEMD-160 for the BIP32 fingerprint)
        assertThat(HEX.formatHex(xpub.data(), 5, 37)).isEqualTo(HEX.formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(HEX.parseHex("03501e454bf00751f24b1b489aa925215d66af2234e3891c3b21a52bedb3cd711c"))));
        reset(h);
    }

    private static String compressed(HostCard.Response r) {
        assertThat(r.sw()).isEqualTo(0x9000);
        assertThat(r.data()).hasSize(65);
        assertThat(r.data()[0]).isEqualTo((byte) 0x04);
        return HEX.formatHex(SignatureCheck.compress(r.data()));
    }

    @Test
    void libraryRegressionValueForTheDefaultEthereumPath() throws Exception {
        HostCard h = initialised();
        byte[] seed = java.security.MessageDigest.getInstance("SHA-512").digest(ascii("test seed"));
        assertThat(h.secure(0xD0, 0x03, 0, concat(seed, pin(PIN))).sw()).isEqualTo(0x9000);
        // the library always derives with P1 = 08
        assertThat(h.secure(0xD1, 0x08, 0, path("m/44'/60'/0'/0/0")).sw()).isEqualTo(0x9000);
        assertThat(compressed(h.secure(0xC2, 0x00, 0x01, new byte[0])))
                .isEqualTo("0273b60bcdf86d977ea301e117651c7000b8032c3254023094cf3038ccdad11f1f");
        reset(h);
    }

    @Test
    void signaturesAreLowSDerAndVerifyOnBothCurves() throws Exception {
        HostCard h = seeded();
        Random rnd = new Random(7);
        for (int i = 0; i < 8; i++) {
            byte[] hash = new byte[32];
            rnd.nextBytes(hash);
            // k1 current key (master)
            HostCard.Response s = h.secure(0xC0, 0x00, 0x00, concat(hash, pin(PIN)));
            assertThat(s.sw()).isEqualTo(0x9000);
            assertThat(s.data()[0]).isEqualTo((byte) 0x30);
            assertThat(SignatureCheck.isLowS("secp256k1", s.data())).isTrue();
            byte[] k1 = h.secure(0xC2, 0x00, 0x01, new byte[0]).data();
            assertThat(SignatureCheck.verify("secp256k1", k1, hash, s.data())).isTrue();
            // r1, derived on the fly
            HostCard.Response r = h.secure(0xC0, 0x11, 0x00, concat(hash, path("m/44'/0'/0'/0/" + i), pin(PIN)));
            assertThat(r.sw()).isEqualTo(0x9000);
            assertThat(SignatureCheck.isLowS("secp256r1", r.data())).isTrue();
            byte[] r1 = h.secure(0xC2, 0x11, 0x01, path("m/44'/0'/0'/0/" + i)).data();
            assertThat(SignatureCheck.verify("secp256r1", r1, hash, r.data())).isTrue();
            assertThat(SignatureCheck.verify("secp256r1", r1, hash, s.data())).isFalse();
        }
        // the EOSIO filter: r and s both 32-byte canonical
        byte[] hash = new byte[32];
        HostCard.Response eos = h.secure(0xC0, 0x00, 0x01, concat(hash, pin(PIN)));
        BigInteger[] rs = SignatureCheck.parseDer(eos.data());
        assertThat(rs[0].bitLength()).isBetween(248, 255);
        assertThat(rs[1].bitLength()).isBetween(248, 255);
        // the signature counter counted all 17, and the PIN stays verified after a SIGN
        HostCard.Response info = h.secure(0xFA, 0, 0, new byte[0]);
        byte[] d = info.data();
        assertThat(new BigInteger(1, Arrays.copyOfRange(d, d.length - 4, d.length)).intValue()).isEqualTo(17);
        assertThat(h.secure(0xFB, 0, 0, new byte[0]).data()).isEqualTo(concat(new byte[] {0, 0, 0, 17}, hash));
        assertThat(h.secure(0xFB, 148, 0, new byte[0]).data()).isEqualTo(new byte[36]);
        assertThat(h.secure(0xFB, 149, 0, new byte[0]).sw()).isEqualTo(0x6A86);
        // a hash without PIN, a wrong PIN, a short hash
        assertThat(h.secure(0xC0, 0x00, 0x00, hash).sw()).isEqualTo(0x6700);
        assertThat(h.secure(0xC0, 0x00, 0x00, concat(hash, pin("9999"))).sw()).isEqualTo(0x63C2);
        assertThat(h.secure(0xC0, 0x00, 0x00, new byte[20]).sw()).isEqualTo(0x6A80);
        reset(h);
    }

    @Test
    void userDataOf2500BytesRoundTripsThroughExtendedApdus() throws Exception {
        HostCard h = initialised();
        byte[] data = new byte[2500];
        new Random(3).nextBytes(data);
        for (int page = 0; page * 1200 < data.length; page++) {
            byte[] chunk = Arrays.copyOfRange(data, page * 1200, Math.min(data.length, page * 1200 + 1200));
            assertThat(h.secure(0xFC, 0x00, page, chunk).sw()).as("write page %d", page).isEqualTo(0x9000);
        }
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        for (int page = 1; ; page++) {
            HostCard.Response r = h.secure(0xFA, 0x00, page, new byte[0], true);
            if (r.sw() == 0x6B00) {
                break;
            }
            assertThat(r.sw()).isEqualTo(0x9000);
            back.writeBytes(r.data());
        }
        assertThat(back.toByteArray()).isEqualTo(data);
        // pages must be written in order; no fourth page; custom bytes appear in SELECT
        assertThat(h.secure(0xFC, 0x00, 3, new byte[1]).sw()).isEqualTo(0x6A86);
        assertThat(h.secure(0xFC, 0x00, 0, new byte[1201]).sw()).isEqualTo(0x6700);
        assertThat(h.secure(0xFC, 0x00, 0, new byte[] {42}).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xFC, 0x00, 2, new byte[] {43}).sw()).isEqualTo(0x6985);
        byte[] custom = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        assertThat(h.secure(0xFC, 0x01, 0, custom).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xFC, 0x01, 0, new byte[15]).sw()).isEqualTo(0x6700);
        assertThat(Arrays.copyOfRange(connect().select().data(), 8, 24)).isEqualTo(custom);
        // user data needs the PIN
        HostCard fresh = connect();
        fresh.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(fresh.secure(0xFA, 0x00, 1, new byte[0], true).sw()).isEqualTo(0x6985);
        reset(fresh);
    }

    @Test
    void pinTriesSurvivePowerCyclesUntilBlockedAndThePukUnblocks() throws Exception {
        HostCard h = initialised();
        // 3 wrong PINs in this power cycle: 63C2, 63C1, 63C0; then even the right PIN gets 63C0
        h = connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin("1111").sw()).isEqualTo(0x63C2);
        assertThat(h.verifyPin("1111").sw()).isEqualTo(0x63C1);
        assertThat(h.verifyPin("1111").sw()).isEqualTo(0x63C0);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x63C0);
        // re-selecting does not buy new tries; the soft lock is not a block (UNBLOCK: 6985)
        h = reselect(h);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x63C0);
        assertThat(h.secure(0x22, 0, 0, new byte[0]).sw()).isEqualTo(0x6985);
        // a power cycle gives 3 more, out of the 3 left in all
        h = connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.secure(0x20, 0, 0, new byte[0]).data()).containsExactly(3);
        assertThat(h.verifyPin("1111").sw()).isEqualTo(0x63C2);
        assertThat(h.verifyPin("1111").sw()).isEqualTo(0x63C1);
        assertThat(h.verifyPin("1111").sw()).isEqualTo(0x63C0);
        // blocked: stays 63C0 after power cycles; the library's empty UNBLOCK probe gets 6A80
        h = connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x63C0);
        assertThat(h.secure(0x22, 0, 0, new byte[0]).sw()).isEqualTo(0x6A80);
        // wrong PUK: 12 tries per power cycle
        assertThat(h.secure(0x22, 0, 0, concat(ascii("XXXXXXXXXXXX"), pin("5678"))).sw()).isEqualTo(0x63CB);
        assertThat(h.secure(0x22, 0, 0, concat(ascii(PUK), ascii("12a4\0\0\0\0\0"))).sw()).isEqualTo(0x6A80);
        assertThat(h.secure(0x22, 0, 0, concat(ascii(PUK), pin("5678"))).sw()).isEqualTo(0x9000);
        // unblocked and verified: PIN-protected commands work at once
        assertThat(h.secure(0xFA, 0x00, 1, new byte[0], true).sw()).isEqualTo(0x9000);
        h = connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.secure(0x20, 0, 0, new byte[0]).data()).containsExactly(3);
        assertThat(h.verifyPin("5678").sw()).isEqualTo(0x9000);
        // change PIN and PUK
        assertThat(h.secure(0x21, 0x00, 0, pin("24680")).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0x21, 0x00, 0, pin("12")).sw()).isEqualTo(0x6A80);
        assertThat(h.secure(0x21, 0x01, 0, concat(ascii("NEWPUK000000"), ascii("WRONGWRONGWR"))).sw()).isEqualTo(0x9840);
        assertThat(h.secure(0x21, 0x01, 0, concat(ascii("NEWPUK000000"), ascii(PUK))).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0x21, 0x07, 0, new byte[0]).sw()).isEqualTo(0x63C3);
        h = connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin("24680").sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xFD, 0, 0, ascii(PUK)).sw()).isEqualTo(0x63CB);
        assertThat(h.secure(0xFD, 0, 0, ascii("NEWPUK000000")).sw()).isEqualTo(0x9000);
    }

    /** SELECT again in the same power cycle (drops the secure channel), then a new channel. */
    protected HostCard reselect(HostCard h) throws Exception {
        h.select();
        h.manufacturerCertificate();
        h.cardCertificate();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        return h;
    }

    @Test
    void resetMakesTheCardBlankAgain() throws Exception {
        HostCard h = seeded();
        assertThat(h.secure(0xFD, 0, 0, ascii("ABCDEFGHIJKX")).sw()).isEqualTo(0x63CB);
        assertThat(h.secure(0xFD, 0, 0, ascii("SHORT")).sw()).isEqualTo(0x6A80);
        assertThat(h.secure(0xFD, 0, 0, ascii(PUK)).sw()).isEqualTo(0x9000);
        byte[] sel = connect().select().data();
        assertThat(sel[5] & 0x60).isZero();
        // and it can be initialised again
        HostCard again = connect();
        assertThat(again.init("", "", "000000000", "000000000000", HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
        again = connect();
        again.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(again.verifyPin("000000000").sw()).isEqualTo(0x9000);
        assertThat(again.secure(0xFA, 0, 0, new byte[0]).data()).isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 0});
        assertThat(again.secure(0xFD, 0, 0, ascii("000000000000")).sw()).isEqualTo(0x9000);
    }

    @Test
    void randomBytesAndBadCommands() throws Exception {
        HostCard h = initialised();
        HostCard.Response r = h.secure(0xD3, 32, 0, new byte[0]);
        assertThat(r.data()).hasSize(32);
        assertThat(h.secure(0xD3, 32, 0, new byte[0]).data()).isNotEqualTo(r.data());
        assertThat(h.secure(0xD3, 17, 0, new byte[0]).sw()).isEqualTo(0x6A86);
        assertThat(h.secure(0xD3, 68, 0, new byte[0]).sw()).isEqualTo(0x6A86);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0x20, 0, 0, ascii("12")).sw()).isEqualTo(0x6700);
        assertThat(h.secure(0x22, 0, 0, new byte[5]).sw()).as("not blocked").isEqualTo(0x6985);
        // plain: unknown INS, wrong CLA, Lc longer than the data, a secure command without a channel
        assertThat(h.send(HEX.parseHex("80EE000000")).sw()).isEqualTo(0x6D00);
        assertThat(h.send(HEX.parseHex("90FA000000")).sw()).isEqualTo(0x6E00);
        assertThat(h.send(HEX.parseHex("80F8000008010203")).sw()).isEqualTo(0x6700);
        HostCard fresh = connect();
        assertThat(fresh.send(HEX.parseHex("80FA000020" + "00".repeat(32))).sw()).isEqualTo(0x6985);
        assertThat(fresh.send(concat(HEX.parseHex("801000003F"), new byte[63])).sw()).isEqualTo(0x6A80);
        assertThat(fresh.send(concat(HEX.parseHex("8010050041"), HostCard.encode(
                (java.security.interfaces.ECPublicKey) HostCard.newKeyPair().getPublic()))).sw()).isEqualTo(0x6A86);
        assertThat(fresh.send(HEX.parseHex("8011000000")).sw()).as("MUTUALLY AUTHENTICATE out of turn").isEqualTo(0x6985);
        reset(fresh);
    }

    @Test
    void pukDerivedPairingKeyOpensTheChannelAndChangesThePairingKey() throws Exception {
        HostCard h = initialised();
        byte[] pukKey = ascii(PUK);
        for (int i = 0; i < 32; i++) {
            pukKey = java.security.MessageDigest.getInstance("SHA-256").digest(pukKey);
        }
        assertThat(HEX.formatHex(pukKey)).isEqualTo("e0dbe2f366a427efcfc2dd02b58aa7ad7070737e51768d3df5585bf03a1453fb");
        HostCard viaPuk = connect();
        HostCard.Response[] r = viaPuk.openSecureChannel(pukKey, HostCard.newKeyPair(), new byte[32], 0xFF);
        assertThat(r[1].sw()).isEqualTo(0x9000);
        byte[] newPairing = new byte[32];
        Arrays.fill(newPairing, (byte) 7);
        assertThat(viaPuk.secure(0xDA, 0, 0, concat(newPairing, ascii(PUK))).sw()).isEqualTo(0x9000);
        HostCard old = connect();
        assertThat(old.openSecureChannel(HostCard.DEFAULT_PAIRING, HostCard.newKeyPair(), new byte[32], 0)[1].sw())
                .isEqualTo(0x6982);
        HostCard fresh = connect();
        fresh.openSecureChannel(newPairing);
        assertThat(fresh.verifyPin(PIN).sw()).isEqualTo(0x9000);
        reset(fresh);
    }

    /** ECDSA P-256 verification of what a test signs with a JDK key, for user keys. */
    protected static byte[] signP256(java.security.PrivateKey key, byte[] message) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }
}
