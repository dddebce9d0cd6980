package io.pqrstuv.cryptnox.emulator;

import static io.pqrstuv.cryptnox.emulator.testing.HostCard.ascii;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.concat;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.SignatureCheck;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firmware 2.0 cards: SIGN PUBLIC, the RSA seed-wrap key and wrapped seeds, each checked with
 * independent JDK code; a 1.6.1 card does not know them; the firmware is part of the card's identity.
 */
class FirmwareTwoTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String PIN = "1234";
    private static final String PUK = "ABCDEFGHIJKL";
    /** BIP32 test vector 1 seed and its k1 master key (notes §7.3). */
    private static final byte[] TV1_SEED = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    private static final String TV1_K1_MASTER = "0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2";
    private static final String TV1_R1_MASTER = "0266874dc6ade47b3ecd096745ca09bcd29638dd52c2c12117b11ed3e458cfa9e8";
    private final List<CardEmulator> cards = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        cards.forEach(CardEmulator::close);
    }

    private HostCard initialised(Firmware firmware) throws Exception {
        CardEmulator card;
        try {
            card = CardEmulator.builder().type(CardType.BASIC_G1).firmware(firmware).build();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        cards.add(card);
        HostCard h = new HostCard(ApduTransport.of(card));
        h.connect();
        assertThat(h.init("N", "e", PIN, PUK, HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
        card.powerCycle();
        h.connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        return h;
    }

    @Test
    void firmware161DoesNotKnowTheVersionTwoCommands() throws Exception {
        HostCard h = initialised(Firmware.V1_6_1);
        assertThat(Arrays.copyOfRange(h.select().data(), 1, 4)).isEqualTo(new byte[] {1, 6, 1});
        h.connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        assertThat(h.send(h.wrap(0xC6, 0x00, 0, new byte[0], true)).sw()).isEqualTo(0x6D00);
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.send(h.wrap(0xF9, 0x00, 0, new byte[] {0x08, 0x00}, true)).sw()).isEqualTo(0x6D00);
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xD0, 0x06, 0, concat(new byte[256], pin(PIN))).sw()).isEqualTo(0x6A86);
    }

    @Test
    void aWrappedSeedLoadsUnderTheCardsRsaKey() throws Exception {
        HostCard h = initialised(Firmware.V2_0_0);
        assertThat(Arrays.copyOfRange(h.select().data(), 1, 4)).isEqualTo(new byte[] {2, 0, 0});
        h.connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        // no wrap key yet
        assertThat(h.secure(0xD0, 0x06, 0, concat(new byte[256], pin(PIN))).sw()).isEqualTo(0x6985);
        assertThat(h.secure(0xF9, 0, 0, new byte[] {0x04, 0x00}, true).sw()).as("1024 bits").isEqualTo(0x6A80);
        assertThat(h.secure(0xF9, 0, 0, new byte[] {0x08}, true).sw()).isEqualTo(0x6A80);
        HostCard.Response r = h.secure(0xF9, 0, 0, new byte[] {0x08, 0x00}, true);
        assertThat(r.sw()).isEqualTo(0x9000);
        assertThat(r.data()).hasSize(4 + 256);
        assertThat(Arrays.copyOf(r.data(), 4)).isEqualTo(ascii("CRSA"));
        BigInteger n = new BigInteger(1, Arrays.copyOfRange(r.data(), 4, r.data().length));
        assertThat(n.bitLength()).isEqualTo(2048);
        PublicKey wrapKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537)));
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        // garbage and a wrong-length ciphertext are bad data; the key survives them
        assertThat(h.secure(0xD0, 0x06, 0, concat(new byte[256], pin(PIN))).sw()).isEqualTo(0x6A80);
        assertThat(h.secure(0xD0, 0x06, 0, concat(new byte[255], pin(PIN))).sw()).isEqualTo(0x6A80);
        oaep.init(Cipher.ENCRYPT_MODE, wrapKey);
        assertThat(h.secure(0xD0, 0x06, 0, concat(oaep.doFinal(new byte[8]), pin(PIN))).sw()).as("8-byte seed")
                .isEqualTo(0x6A80);
        oaep.init(Cipher.ENCRYPT_MODE, wrapKey);
        byte[] wrapped = oaep.doFinal(TV1_SEED);
        assertThat(h.secure(0xD0, 0x06, 0, concat(wrapped, pin("9999"))).sw()).isEqualTo(0x63C2);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xD0, 0x06, 0, concat(wrapped, pin(PIN))).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xFA, 0, 0, new byte[0]).data()[0]).as("key source").isEqualTo((byte) 'R');
        assertThat(SignatureCheck.compress(h.secure(0xC2, 0x00, 0x01, new byte[0]).data()))
                .isEqualTo(HEX.parseHex(TV1_K1_MASTER));
        assertThat(SignatureCheck.compress(h.secure(0xC2, 0x10, 0x01, new byte[0]).data()))
                .isEqualTo(HEX.parseHex(TV1_R1_MASTER));
        assertThat(h.secure(0xD0, 0x06, 0, concat(wrapped, pin(PIN))).sw()).as("seed already there").isEqualTo(0x6986);
    }

    @Test
    void theWrapKeyIsVolatileAndServesOneSeed() throws Exception {
        HostCard h = initialised(Firmware.V2_0_0);
        HostCard.Response r = h.secure(0xF9, 0, 0, new byte[] {0x08, 0x00}, true);
        BigInteger n = new BigInteger(1, Arrays.copyOfRange(r.data(), 4, r.data().length));
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        oaep.init(Cipher.ENCRYPT_MODE,
                KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537))));
        byte[] wrapped = oaep.doFinal(TV1_SEED);
        // a new session (SELECT) forgets the key
        h.connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin(PIN).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xD0, 0x06, 0, concat(wrapped, pin(PIN))).sw()).isEqualTo(0x6985);
    }

    @Test
    void signPublicAttestsTheCurrentKeyWithTheCertificateKey() throws Exception {
        HostCard h = initialised(Firmware.V2_0_0);
        PublicKey cardKey = h.parsedCertificate().getPublicKey();
        assertThat(h.secure(0xC6, 0x00, 0, new byte[0], true).sw()).as("no seed").isEqualTo(0x6985);
        assertThat(h.secure(0xD0, 0x03, 0, concat(TV1_SEED, pin(PIN))).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xD1, 0x00, 0, HostCard.path("m/44'/60'/0'/0/0")).sw()).isEqualTo(0x9000);
        for (int p1 : new int[] {0x00, 0x10}) {
            byte[] pub = h.secure(0xC2, p1, 0x01, new byte[0]).data();
            HostCard.Response att = h.secure(0xC6, p1, 0, new byte[0], true);
            assertThat(att.sw()).isEqualTo(0x9000);
            assertThat(att.data()[0]).isEqualTo((byte) 0x30);
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(cardKey);
            v.update(pub);
            assertThat(v.verify(att.data())).as("P1 %02X", p1).isTrue();
            // not a signature of another key
            v.initVerify(cardKey);
            v.update(h.secure(0xC2, p1 ^ 0x10, 0x01, new byte[0]).data());
            assertThat(v.verify(att.data())).isFalse();
        }
        assertThat(h.secure(0xC6, 0x20, 0, new byte[0], true).sw()).as("Ed25519 not emulated").isEqualTo(0x6A86);
        assertThat(h.secure(0xC6, 0x00, 0, new byte[1], true).sw()).isEqualTo(0x6700);
        // the PIN is needed: a new session without it
        h.connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.secure(0xC6, 0x00, 0, new byte[0], true).sw()).isEqualTo(0x6985);
    }

    @Test
    void theFirmwareIsKeptInTheStateFileAndMustMatch() throws Exception {
        Path f = dir.resolve("v2.json");
        try (CardEmulator card = CardEmulator.builder().stateFile(f).firmware(Firmware.V2_0_0).build()) {
            assertThat(card.firmware()).isEqualTo(Firmware.V2_0_0);
        }
        assertThat(Files.readString(f)).contains("\"firmware\" : \"2.0.0\"");
        try (CardEmulator card = CardEmulator.open(f)) {
            assertThat(card.firmware()).isEqualTo(Firmware.V2_0_0);
        }
        assertThatThrownBy(() -> CardEmulator.builder().stateFile(f).firmware(Firmware.V1_6_1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firmware 2.0.0, not 1.6.1");
        // a state file from before the firmware choice holds a 1.6.1 card
        Path old = dir.resolve("old.json");
        Files.writeString(old, Files.readString(f).replaceAll("\\s*\"firmware\" : \"2.0.0\",", ""));
        try (CardEmulator card = CardEmulator.open(old)) {
            assertThat(card.firmware()).isEqualTo(Firmware.V1_6_1);
        }
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(f).replace("\"2.0.0\"", "\"3.1\""));
        assertThatThrownBy(() -> CardEmulator.open(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factory.firmware");
        assertThat(Firmware.fromId("2.0")).isEqualTo(Firmware.V2_0_0);
        assertThat(Firmware.fromId("1.6")).isEqualTo(Firmware.V1_6_1);
        assertThatThrownBy(() -> Firmware.fromId("1.5")).isInstanceOf(IllegalArgumentException.class);
    }
}
