package io.pqrstuv.cryptnox.emulator;

import static io.pqrstuv.cryptnox.emulator.testing.HostCard.ascii;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.concat;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.path;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.pin;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.SignatureCheck;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands beyond the common lifecycle: NFT cards, user keys, PIN-less signing, DECRYPT, key loading, dual generation. */
class WalletFeaturesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String PIN = "1234";
    private static final String PUK = "ABCDEFGHIJKL";
    private final java.util.List<CardEmulator> cards = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        cards.forEach(CardEmulator::close);
    }

    private HostCard initialised(CardType type, byte[] nftMarker) throws Exception {
        CardEmulator card = CardEmulator.inMemory(type);
        cards.add(card);
        HostCard h = new HostCard(ApduTransport.of(card));
        h.connect();
        byte[] plain = HostCard.initPlaintext(ascii("N"), ascii("e"), pin(PIN), ascii(PUK), nftMarker,
                HostCard.DEFAULT_PAIRING);
        assertThat(h.init(plain, HostCard.newKeyPair(), new byte[16]).sw()).isEqualTo(0x9000);
        card.powerCycle();
        h.connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        return h;
    }

    @Test
    void nftCardHasItsTypeByteMarkerAndReducedCommandSet() throws Exception {
        CardEmulator card = CardEmulator.inMemory(CardType.NFT);
        cards.add(card);
        HostCard h = new HostCard(ApduTransport.of(card));
        assertThat(h.connect().data()[0]).isEqualTo((byte) 'N');
        // INIT without the 2-byte NFC marker is malformed for an NFT card
        byte[] basicPlain = HostCard.initPlaintext(ascii(""), ascii(""), pin(PIN), ascii(PUK), null, HostCard.DEFAULT_PAIRING);
        assertThat(h.init(basicPlain, HostCard.newKeyPair(), new byte[16]).sw()).isEqualTo(0x6A80);
        byte[] plain = HostCard.initPlaintext(ascii(""), ascii(""), pin(PIN), ascii(PUK), HEX.parseHex("5A5A"),
                HostCard.DEFAULT_PAIRING);
        assertThat(h.init(plain, HostCard.newKeyPair(), new byte[16]).sw()).isEqualTo(0x9000);
        card.powerCycle();
        h.connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        // not in the NFT applet
        assertThat(h.send(h.wrap(0xD0, 0x03, 0, concat(new byte[32], pin(PIN)), false)).sw()).isEqualTo(0x6D00);
        // the seed is made on the card; the reply is SHA-256 of the master public key
        HostCard.Response gen = h.secure(0xD4, 0, 0, pin(PIN));
        assertThat(gen.data()).hasSize(32);
        byte[] pub = h.secure(0xC2, 0x00, 0x01, new byte[0]).data();
        assertThat(gen.data()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(SignatureCheck.compress(pub)));
        assertThat(h.secure(0xD4, 0, 0, pin(PIN)).sw()).as("only once").isEqualTo(0x6986);
        assertThat(h.secure(0xC2, 0x01, 0x01, path("m/0")).sw()).isEqualTo(0x6A86);
        // data slots: FC slot+1 page / FA slot+1 page
        assertThat(h.secure(0xFC, 0x02, 0, ascii("slot one")).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xFA, 0x02, 0, new byte[0], true).data()).isEqualTo(ascii("slot one"));
        assertThat(h.secure(0xFA, 0x02, 3, new byte[0], true).sw()).isEqualTo(0x6B00);
        assertThat(h.secure(0xFA, 0x01, 0, new byte[0], true).data()).isEmpty();
        // signature check: 'C' 'R' ‖ nonce ‖ … ‖ 00, signed by the current k1 key
        byte[] nonce = HEX.parseHex("00112233445566778899aabbccddeeff");
        HostCard.Response check = h.secure(0xF8, 0x01, 0, nonce);
        byte[] msg = Arrays.copyOf(check.data(), 36);
        assertThat(Arrays.copyOf(msg, 2)).isEqualTo(ascii("CR"));
        assertThat(Arrays.copyOfRange(msg, 2, 18)).isEqualTo(nonce);
        assertThat(msg[35]).isZero();
        assertThat(SignatureCheck.verify("secp256k1", pub, MessageDigest.getInstance("SHA-256").digest(msg),
                Arrays.copyOfRange(check.data(), 36, check.data().length))).isTrue();
        assertThat(h.secure(0xF8, 0x01, 0, new byte[8]).sw()).isEqualTo(0x6984);
        // signing: current k1 only
        byte[] hash = new byte[32];
        HostCard.Response sig = h.secure(0xC0, 0x00, 0x00, concat(hash, pin(PIN)));
        assertThat(SignatureCheck.verify("secp256k1", pub, hash, sig.data())).isTrue();
        assertThat(h.secure(0xC0, 0x10, 0x00, concat(hash, pin(PIN))).sw()).isEqualTo(0x6B00);
    }

    @Test
    void ecAndRsaUserKeysAuthenticateByChallengeAndAuthoriseSignatures() throws Exception {
        HostCard h = initialised(CardType.BASIC_G1, null);
        assertThat(h.secure(0xD0, 0x03, 0, concat(new byte[32], pin(PIN))).sw()).isEqualTo(0x9000);
        KeyPair ec = HostCard.newKeyPair();
        byte[] info = Arrays.copyOf(ascii("laptop TPM"), 64);
        assertThat(h.secure(0xD5, 0, 0, concat(new byte[] {1}, info, HostCard.encode((ECPublicKey) ec.getPublic()),
                ascii("WRONGPUK0000"))).sw()).isEqualTo(0x63CB);
        assertThat(h.secure(0xD5, 0, 0, concat(new byte[] {1}, info, HostCard.encode((ECPublicKey) ec.getPublic()),
                ascii(PUK))).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xD5, 0, 0, concat(new byte[] {1}, info, HostCard.encode((ECPublicKey) ec.getPublic()),
                ascii(PUK))).sw()).as("slot taken").isEqualTo(0x6986);
        KeyPairGenerator rg = KeyPairGenerator.getInstance("RSA");
        rg.initialize(2048);
        KeyPair rsa = rg.generateKeyPair();
        byte[] modulus = fixed(((RSAPublicKey) rsa.getPublic()).getModulus(), 256);
        assertThat(h.secure(0xD5, 0, 0, concat(new byte[] {2}, info, modulus, ascii(PUK)), true).sw()).isEqualTo(0x9000);
        assertThat(h.connect().data()[7]).as("user key flags").isEqualTo((byte) 0x03);
        HostCard.Response keyInfo;
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        // without PIN: the challenge-response opens what the PIN opens, except SIGN
        byte[] challenge = h.secure(0xD6, 0x01, 0, new byte[0]).data();
        assertThat(challenge).hasSize(32);
        assertThat(h.secure(0xD6, 0x02, 0, concat(new byte[] {1}, sign("SHA256withECDSA", ec, new byte[32]))).data())
                .as("wrong message").containsExactly(0);
        assertThat(h.secure(0xD6, 0x02, 0, concat(new byte[] {1}, sign("SHA256withECDSA", ec, challenge))).sw())
                .as("challenge used up").isEqualTo(0x6985);
        challenge = h.secure(0xD6, 0x01, 0, new byte[0]).data();
        assertThat(h.secure(0xD6, 0x02, 0, concat(new byte[] {2}, sign("SHA256withRSA", rsa, challenge)), true).data())
                .containsExactly(1);
        keyInfo = h.secure(0xFA, 0x01, 0, new byte[0], true);
        assertThat(keyInfo.data()).isEqualTo(concat(info, HostCard.encode((ECPublicKey) ec.getPublic())));
        assertThat(h.secure(0xC0, 0x00, 0, new byte[32]).sw()).as("SIGN still needs a PIN").isEqualTo(0x6700);
        // auth-for-sign: exactly the authorised hashes, in order
        byte[] h1 = new byte[32];
        byte[] h2 = new byte[32];
        h1[0] = 1;
        h2[0] = 2;
        byte[] list = concat(new byte[] {2}, h1, h2);
        assertThat(h.secure(0xD6, 0x10, 0, concat(new byte[] {1}, list, sign("SHA256withECDSA", ec, list))).data())
                .containsExactly(1);
        assertThat(h.secure(0xC0, 0x00, 0, h2).sw()).isEqualTo(0x6985);
        byte[] pub = h.secure(0xC2, 0x00, 0x01, new byte[0]).data();
        assertThat(SignatureCheck.verify("secp256k1", pub, h1, h.secure(0xC0, 0x00, 0, h1).data())).isTrue();
        assertThat(SignatureCheck.verify("secp256k1", pub, h2, h.secure(0xC0, 0x00, 0, h2).data())).isTrue();
        assertThat(h.secure(0xC0, 0x00, 0, h2).sw()).isEqualTo(0x6700);
        // PIN auth can be switched off now that user keys exist, and back on
        assertThat(h.secure(0xC3, 0, 0, concat(new byte[] {1}, ascii(PUK))).sw()).isEqualTo(0x9000);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x6986);
        assertThat(h.secure(0xC3, 0, 0, concat(new byte[] {0}, ascii(PUK))).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xD7, 0, 0, concat(new byte[] {1}, ascii(PUK))).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xD7, 0, 0, concat(new byte[] {1}, ascii(PUK))).sw()).isEqualTo(0x6986);
        assertThat(h.secure(0xD7, 0, 0, concat(new byte[] {9}, ascii(PUK))).sw()).isEqualTo(0x6A80);
    }

    @Test
    void pinAuthCannotBeDisabledWithoutAUserKey() throws Exception {
        HostCard h = initialised(CardType.BASIC_G1, null);
        assertThat(h.secure(0xC3, 0, 0, concat(new byte[] {1}, ascii(PUK))).sw()).isEqualTo(0x6986);
        assertThat(h.secure(0xC3, 0, 0, ascii(PUK)).sw()).isEqualTo(0x6A80);
    }

    @Test
    void pinlessPathSignsWithoutPinOrChannelAndAllowsTheClearKeyRead() throws Exception {
        HostCard h = initialised(CardType.BASIC_G1, null);
        byte[] hash = new byte[32];
        assertThat(h.send(concat(HEX.parseHex("80C0030020"), hash)).sw()).as("no key").isEqualTo(0x6985);
        assertThat(h.secure(0xD0, 0x03, 0, concat(new byte[32], pin(PIN))).sw()).isEqualTo(0x9000);
        assertThat(h.send(concat(HEX.parseHex("80C0030020"), hash)).sw()).as("no path set").isEqualTo(0x6A88);
        assertThat(h.secure(0xC1, 0, 0, concat(ascii(PUK), path("m/44'/60'/0'"))).sw()).isEqualTo(0x6983);
        assertThat(h.secure(0xC1, 0, 0, concat(ascii(PUK), path("m/43'/60'"))).sw()).isEqualTo(0x6A80);
        assertThat(h.secure(0xC1, 0, 0, concat(ascii(PUK), path("m/43'/60'/1581'/0'/7"))).sw()).isEqualTo(0x9000);
        assertThat(h.connect().data()[5] & 0x08).as("pinless flag").isEqualTo(0x08);
        // plain, no channel, no PIN
        HostCard.Response sig = h.send(concat(HEX.parseHex("80C0030020"), hash));
        assertThat(sig.sw()).isEqualTo(0x9000);
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        byte[] pinlessKey = h.secure(0xC2, 0x01, 0x01, path("m/43'/60'/1581'/0'/7")).data();
        assertThat(SignatureCheck.verify("secp256k1", pinlessKey, hash, sig.data())).isTrue();
        // the library sends it through the channel too
        assertThat(SignatureCheck.verify("secp256k1", pinlessKey, hash, h.secure(0xC0, 0x03, 0, hash).data())).isTrue();
        // clear read: refused until enabled, or allowed when the current path is under the pinless prefix
        HostCard plain = h;
        assertThat(plain.send(HEX.parseHex("80C2000100")).sw()).isEqualTo(0x6983);
        assertThat(h.secure(0xD1, 0x00, 0, path("m/43'/60'/1581'/0'/7")).sw()).isEqualTo(0x9000);
        assertThat(plain.send(HEX.parseHex("80C2000100")).data()).isEqualTo(pinlessKey);
        assertThat(plain.send(HEX.parseHex("80C2100100")).sw()).isEqualTo(0x6A88);
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.secure(0xC5, 0x01, 0, concat(new byte[] {1}, ascii(PUK))).sw()).isEqualTo(0x9000);
        assertThat(plain.send(HEX.parseHex("80C2100100")).data()).hasSize(65);
        // disable the pinless path with the PUK alone
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.secure(0xC1, 0, 0, ascii(PUK)).sw()).isEqualTo(0x9000);
        assertThat(h.send(concat(HEX.parseHex("80C0030020"), hash)).sw()).isEqualTo(0x6A88);
    }

    @Test
    void decryptDerivesTheSlip17KeyAndDecryptsWhatTheHostEncrypted() throws Exception {
        HostCard h = initialised(CardType.BASIC_G1, null);
        assertThat(h.secure(0xD0, 0x03, 0, concat(new byte[32], pin(PIN))).sw()).isEqualTo(0x9000);
        byte[] cardKey = h.secure(0xC2, 0x11, 0x01, path("m/17'/910196630'/2006168372'/332516148'/580566270'")).data();
        // the sender: ephemeral key, SHA-256(ECDH) = IV ‖ AES-128 key, AES-CBC
        KeyPair eph = HostCard.newKeyPair();
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(eph.getPrivate());
        ka.doPhase(HostCard.p256PublicKey(cardKey), true);
        byte[] k = MessageDigest.getInstance("SHA-256").digest(ka.generateSecret());
        byte[] message = ascii("sixteen byte msgand another one!");
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOfRange(k, 16, 32), "AES"),
                new IvParameterSpec(Arrays.copyOf(k, 16)));
        byte[] ct = c.doFinal(message);
        byte[] ephPub = HostCard.encode((ECPublicKey) eph.getPublic());
        assertThat(h.secure(0xC4, 0x00, 0, concat(pin(PIN), ephPub)).data()).isEqualTo(k);
        assertThat(h.secure(0xC4, 0x01, 0, concat(pin(PIN), ephPub, ct)).data()).isEqualTo(message);
        assertThat(h.secure(0xC4, 0x01, 0, concat(pin(PIN), ephPub, new byte[5])).sw()).isEqualTo(0x6A80);
        assertThat(h.secure(0xC4, 0x00, 0, concat(pin("9999"), ephPub)).sw()).isEqualTo(0x63C2);
    }

    @Test
    void keyPairsLoadFromTlvAndTheSourceIsReported() throws Exception {
        HostCard h = initialised(CardType.BASIC_G1, null);
        byte[] priv = HEX.parseHex("e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35");
        byte[] pub = h.secure(0xFA, 0, 0, new byte[0]).data();
        assertThat(pub[0]).as("no key yet").isZero();
        byte[] tlv = concat(HEX.parseHex("A1228120"), priv);
        assertThat(h.secure(0xD0, 0x01, 0, concat(HEX.parseHex("A1218120"), priv, pin(PIN))).sw()).isEqualTo(0x6A80);
        assertThat(h.secure(0xD0, 0x01, 0, concat(tlv, pin(PIN))).sw()).isEqualTo(0x9000);
        assertThat((char) h.secure(0xFA, 0, 0, new byte[0]).data()[0]).isEqualTo('K');
        // BIP32 TV1 master key: its public key; no derivation without a chain code
        assertThat(HEX.formatHex(SignatureCheck.compress(h.secure(0xC2, 0x00, 0x01, new byte[0]).data())))
                .isEqualTo("0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2");
        assertThat(h.secure(0xD1, 0x00, 0, path("m/0")).sw()).isEqualTo(0x6985);
        assertThat(h.secure(0xD0, 0x03, 0, concat(new byte[32], pin(PIN))).sw()).as("already loaded").isEqualTo(0x6986);
        assertThat(h.secure(0xD0, 0x07, 0, pin(PIN)).sw()).isEqualTo(0x6A86);
    }

    @Test
    void twoEmulatedCardsShareASeedByDualGeneration() throws Exception {
        HostCard a = initialised(CardType.BASIC_G1, null);
        HostCard b = initialised(CardType.BASIC_G1, null);
        byte[] pa = a.secure(0xD0, 0x04, 0, pin(PIN)).data();
        byte[] pb = b.secure(0xD0, 0x04, 0, pin(PIN)).data();
        assertThat(pa.length).isGreaterThan(65);
        byte[] forged = pb.clone();
        forged[forged.length - 1] ^= 1;
        assertThat(a.secure(0xD0, 0x05, 0, concat(forged, pin(PIN))).sw()).isEqualTo(0x6A80);
        assertThat(a.secure(0xD0, 0x05, 0, concat(pb, pin(PIN))).sw()).isEqualTo(0x9000);
        assertThat(b.secure(0xD0, 0x05, 0, concat(pa, pin(PIN))).sw()).isEqualTo(0x9000);
        assertThat((char) a.secure(0xFA, 0, 0, new byte[0]).data()[0]).isEqualTo('D');
        assertThat(a.secure(0xC2, 0x11, 0x01, path("m/44'/0'")).data())
                .isEqualTo(b.secure(0xC2, 0x11, 0x01, path("m/44'/0'")).data());
    }

    private static byte[] sign(String alg, KeyPair key, byte[] message) throws Exception {
        Signature s = Signature.getInstance(alg);
        s.initSign(key.getPrivate());
        s.update(message);
        return s.sign();
    }

    private static byte[] fixed(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        return Arrays.copyOfRange(b, b.length - len, b.length);
    }
}
