package io.pqrstuv.cryptnox.emulator;

import static io.pqrstuv.cryptnox.emulator.testing.HostCard.ascii;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.concat;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.pin;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a status word in the protocol's own terms and never changes the card's state. */
class MalformedInputTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "name of 21 bytes,            21, 0, 1234, ABCDEFGHIJKL, 6A80",
        "email of 61 bytes,           0, 61, 1234, ABCDEFGHIJKL, 6A80",
        "PIN with a letter,           0, 0, 12a4, ABCDEFGHIJKL, 6A80",
        "PIN of 3 digits,             0, 0, 123, ABCDEFGHIJKL, 6A80",
        "PUK with a non-ASCII byte,   0, 0, 1234, ABCDEFGHIJKé, 6A80",
    })
    void malformedInitParametersAreRefused(String what, int nameLen, int emailLen, String pinText, String puk,
            String sw) throws Exception {
        try (CardEmulator card = CardEmulator.inMemory(CardType.BASIC_G1)) {
            HostCard h = new HostCard(ApduTransport.of(card));
            h.connect();
            byte[] pukBytes = puk.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] plain = concat(new byte[] {(byte) nameLen}, new byte[nameLen], new byte[] {(byte) emailLen},
                    new byte[emailLen], pin(pinText), pukBytes, HostCard.DEFAULT_PAIRING);
            assertThat(h.send(h.initApdu(plain, HostCard.newKeyPair(), new byte[16])).swHex()).isEqualTo(sw);
            // truncated and over-long parameter blocks
            assertThat(h.send(h.initApdu(java.util.Arrays.copyOf(plain, plain.length - 1), HostCard.newKeyPair(),
                    new byte[16])).sw()).isEqualTo(0x6A80);
            assertThat(h.send(h.initApdu(concat(plain, new byte[1]), HostCard.newKeyPair(), new byte[16])).sw())
                    .isEqualTo(0x6A80);
            // ciphertext that does not decrypt to valid padding
            byte[] unpadded = java.util.Arrays.copyOf(plain, (plain.length / 16 + 1) * 16);
            java.util.Arrays.fill(unpadded, plain.length, unpadded.length, (byte) 0x01);
            assertThat(h.send(h.initApduUnpadded(unpadded, HostCard.newKeyPair(), new byte[16])).sw()).isEqualTo(0x6984);
            assertThat(h.select().data()[5] & 0x40).as("still blank").isZero();
        }
    }

    @Test
    void initEnvelopeErrors() throws Exception {
        try (CardEmulator card = CardEmulator.inMemory(CardType.BASIC_G1)) {
            HostCard h = new HostCard(ApduTransport.of(card));
            h.select();
            KeyPair k = HostCard.newKeyPair();
            byte[] plain = HostCard.initPlaintext(ascii(""), ascii(""), pin("1234"), ascii("ABCDEFGHIJKL"), null,
                    HostCard.DEFAULT_PAIRING);
            // INIT before any GET CARD CERTIFICATE: no session key yet
            h.manufacturerCertificate();
            byte[] withoutKey = concat(HexFormat.of().parseHex("80FE000062"), new byte[98]);
            assertThat(h.send(withoutKey).sw()).isEqualTo(0x6985);
            h.cardCertificate();
            byte[] apdu = h.initApdu(plain, k, new byte[16]);
            byte[] badTag = apdu.clone();
            badTag[5] = 0x40;
            assertThat(h.send(badTag).sw()).isEqualTo(0x6A80);
            byte[] badPoint = apdu.clone();
            badPoint[10] ^= 1;
            assertThat(h.send(badPoint).sw()).isEqualTo(0x6A80);
            byte[] shortCt = java.util.Arrays.copyOf(apdu, apdu.length - 1);
            shortCt[4]--;
            assertThat(h.send(shortCt).sw()).isEqualTo(0x6A80);
            assertThat(h.send(apdu).sw()).isEqualTo(0x9000);
        }
    }

    @Test
    void randomApdusNeverBreakTheCardNorTouchItsState() throws Exception {
        Path f = dir.resolve("card.json");
        try (CardEmulator card = CardEmulator.open(f, CardType.BASIC_G1)) {
            HostCard h = new HostCard(ApduTransport.of(card));
            h.connect();
            assertThat(h.init("Fuzz", "", "1234", "ABCDEFGHIJKL", HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.secure(0xD0, 0x03, 0, concat(new byte[32], pin("1234"))).sw()).isEqualTo(0x9000);
            byte[] before = Files.readAllBytes(f);
            Random r = new Random(12);
            int[] interesting = {0x00, 0x80, 0xA4, 0xC0, 0xC2, 0xD0, 0xD1, 0xF7, 0xF8, 0xFA, 0xFC, 0xFD, 0xFE, 0x10, 0x11,
                0x20, 0x21, 0x22};
            for (int i = 0; i < 5_000; i++) {
                int len = r.nextInt(4) == 0 ? r.nextInt(8) : 4 + r.nextInt(300);
                byte[] apdu = new byte[len];
                r.nextBytes(apdu);
                if (len >= 2) {
                    apdu[0] = (byte) (r.nextBoolean() ? 0x80 : apdu[0]);
                    apdu[1] = (byte) interesting[r.nextInt(interesting.length)];
                }
                if (len >= 5 && r.nextBoolean()) {
                    apdu[4] = (byte) (len - 5); // a consistent short Lc half the time
                }
                byte[] resp = card.transmit(apdu);
                assertThat(resp.length).isGreaterThanOrEqualTo(2);
                assertThat(resp[resp.length - 2] & 0xFF).as("no 6F00 (internal error) for input %s",
                        HexFormat.of().formatHex(apdu)).isNotEqualTo(0x6F);
            }
            assertThat(Files.readAllBytes(f)).as("state untouched by garbage").isEqualTo(before);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.verifyPin("1234").sw()).isEqualTo(0x9000);
        }
    }
}
