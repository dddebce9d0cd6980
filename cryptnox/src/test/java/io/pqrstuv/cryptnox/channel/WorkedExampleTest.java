package io.pqrstuv.cryptnox.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.apdu.ResponseApdu;
import io.pqrstuv.cryptnox.error.SecureChannelException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The secure channel and INIT against the worked examples of notes §7.4 and §7.5, byte for byte. */
class WorkedExampleTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] PAIRING = "Cryptnox Basic CommonPairingData".getBytes(StandardCharsets.US_ASCII);
    static final String CARD_PUB = "040217e617f0b6443928278f96999e69a23a4f2c152bdf6d6cdf66e5b80282d4ed194a7debcb97712d2dda3ca85aa8765a56f45fc758599652f2897c65306e5794";
    static final String HOST_PUB = "04d65a93977caa3d1b081852ff57a79e465f1660577304baead505dd3a48589cf350185e895372df6221ea3a137557e473fddb6755f05bd507c3c533fce9c91285";
    static final String MA_APDU = "8011000040" + "b8b0103559b01c9e28fb615a9dee51cd"
            + "75382f935db7166da6cd2dc20ed4c606f1b08d1773ca77cd7e62f64ba7b0198f3491a7e315c771a751b1ce0e93c33f1b";
    static final String MA_REPLY = "9e015ee01a283b77a6566ff330a74c64"
            + "28669404d1415e54874159dacfc4d75268a603a5af1fddfca421e37d0795bca78bf7cba221d4133b477455de7f0dd0ac9000";
    static final String VERIFY_APDU = "8020000020" + "179072329682e5e06446cf73432d5f69" + "e76ee055c86cec31204fd66451949b5b";
    static final String VERIFY_REPLY = "1359aa9c7f53b944a73939276c8e3a38" + "49ac805ea7d29154331af2d23ff7a90f9000";
    static final String READ_APDU = "80fa0001000020" + "0aea083af131dbdc4d1e7874aac54ec2" + "4dc3420b509246ee001c50858e530b3b";

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void fixedScalarsGiveThePublishedSessionKeys() throws Exception {
        assertThat(HEX.formatHex(P256.encode((ECPublicKey) Keys.fromScalar(0x11).getPublic()))).isEqualTo(CARD_PUB);
        assertThat(HEX.formatHex(P256.encode((ECPublicKey) Keys.fromScalar(0x22).getPublic()))).isEqualTo(HOST_PUB);
    }

    private SecureChannel openExample(ScriptedConnection card) throws Exception {
        KeyPair host = Keys.fromScalar(0x22);
        ECPublicKey cardKey = P256.publicKey(HEX.parseHex(CARD_PUB));
        return SecureChannel.open(card, cardKey, PAIRING, 0, host, filled(32, 0x44));
    }

    @Test
    void openAuthenticateVerifyAndReadMatchTheWorkedExample() throws Exception {
        ScriptedConnection card = new ScriptedConnection()
                .expect("8010000041" + HOST_PUB, "33".repeat(32) + "9000")
                .expect(MA_APDU, MA_REPLY)
                .expect(VERIFY_APDU, VERIFY_REPLY)
                .expect(READ_APDU, "6d00");
        SecureChannel sc = openExample(card);
        assertThat(sc.isOpen()).isTrue();
        ResponseApdu verify = sc.transmit(0x20, 0, 0, "1234\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII), false);
        assertThat(verify.sw()).isEqualTo(0x9000);
        assertThat(verify.data()).isEmpty();
        // the next command is checked byte for byte; its reply is not part of the example
        assertThatThrownBy(() -> sc.transmit(0xFA, 0, 1, new byte[0], true))
                .isInstanceOfSatisfying(io.pqrstuv.cryptnox.error.CardStatusException.class,
                        e -> assertThat(e.statusWord()).isEqualTo(0x6D00));
        assertThat(card.done()).isTrue();
    }

    @Test
    void aTamperedReplyMacClosesTheChannel() throws Exception {
        String tampered = "8" + MA_REPLY.substring(1);
        ScriptedConnection card = new ScriptedConnection()
                .expect("8010000041" + HOST_PUB, "33".repeat(32) + "9000")
                .expect(MA_APDU, tampered);
        assertThatThrownBy(() -> openExample(card)).isInstanceOf(SecureChannelException.class)
                .hasMessageContaining("pairing");
    }

    @Test
    void aReplayedReplyIsRejected() throws Exception {
        ScriptedConnection card = new ScriptedConnection()
                .expect("8010000041" + HOST_PUB, "33".repeat(32) + "9000")
                .expect(MA_APDU, MA_REPLY)
                .expect(VERIFY_APDU, MA_REPLY);   // the card's previous answer again
        SecureChannel sc = openExample(card);
        assertThatThrownBy(() -> sc.transmit(0x20, 0, 0, "1234\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII), false))
                .isInstanceOf(SecureChannelException.class).hasMessageContaining("replay");
        assertThat(sc.isOpen()).isFalse();
    }

    @Test
    void cardRefusalOfTheMacIsASecureChannelException() throws Exception {
        ScriptedConnection card = new ScriptedConnection()
                .expect("8010000041" + HOST_PUB, "33".repeat(32) + "9000")
                .expect(MA_APDU, MA_REPLY)
                .expect(VERIFY_APDU, "6982");
        SecureChannel sc = openExample(card);
        assertThatThrownBy(() -> sc.transmit(0x20, 0, 0, "1234\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII), false))
                .isInstanceOfSatisfying(SecureChannelException.class, e -> assertThat(e.statusWord()).isEqualTo(0x6982));
        assertThat(sc.isOpen()).isFalse();
        assertThatThrownBy(() -> sc.transmit(0x20, 0, 0, new byte[0], false)).isInstanceOf(SecureChannelException.class);
    }

    @Test
    void replyWithBadLengthsIsRejected() throws Exception {
        for (String bad : new String[] {"9000", "00".repeat(16) + "9000", "00".repeat(40) + "9000"}) {
            ScriptedConnection card = new ScriptedConnection()
                    .expect("8010000041" + HOST_PUB, "33".repeat(32) + "9000")
                    .expect(MA_APDU, MA_REPLY)
                    .expect(VERIFY_APDU, bad);
            SecureChannel sc = openExample(card);
            assertThatThrownBy(() -> sc.transmit(0x20, 0, 0, "1234\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII), false))
                    .isInstanceOf(SecureChannelException.class);
        }
    }

    @Test
    void saltOfTheWrongLengthIsAProtocolError() throws Exception {
        ScriptedConnection card = new ScriptedConnection().expect(null, "33".repeat(31) + "9000");
        assertThatThrownBy(() -> openExample(card)).isInstanceOf(io.pqrstuv.cryptnox.error.CardProtocolException.class)
                .hasMessageContaining("salt");
    }

    @Test
    void initMatchesTheWorkedExample() throws Exception {
        ECPublicKey cardKey = P256.publicKey(HEX.parseHex(CARD_PUB));
        byte[] apdu = InitCommand.build(cardKey, "Alice", "alice@example.com",
                "1234\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII), "ABCDEFGHIJKL".getBytes(StandardCharsets.US_ASCII),
                null, PAIRING, Keys.fromScalar(0x66), filled(16, 0x77));
        assertThat(HEX.formatHex(apdu)).isEqualTo("80fe0000a241040bbbc5e8bc84bd33d1d3ce03ffac9a747f4c1993fddb2ec93a4116a86f"
                + "022a77c3c17191559a4c2a1aa57e79b8d1977da2c959172f478e341e27028d69fffb7b77777777777777777777777777777777be36"
                + "aa5021c02afd5e44bfdfa5fb8238aacbe0531076237960af72fa378dff11f8e04dfb07c84aeb8105df23a9bab938a59feeae433370dc"
                + "641dd50637f6b27d9e8c2b288f91c6a81a9d97de244a2814");
    }

    @Test
    void initRejectsOverlongOrNonAsciiFields() throws Exception {
        ECPublicKey cardKey = P256.publicKey(HEX.parseHex(CARD_PUB));
        byte[] pin = filled(9, 0x31);
        byte[] puk = filled(12, 0x31);
        assertThatThrownBy(() -> InitCommand.build(cardKey, "x".repeat(21), "", pin, puk, null, PAIRING,
                Keys.fromScalar(0x66), filled(16, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InitCommand.build(cardKey, "Zoë", "", pin, puk, null, PAIRING,
                Keys.fromScalar(0x66), filled(16, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void paddingRoundTripsAndRejectsGarbage() {
        for (int n = 0; n < 40; n++) {
            byte[] p = Padding.pad(filled(n, 0xAB));
            assertThat(p.length % 16).isZero();
            assertThat(Padding.unpaddedLength(p)).isEqualTo(n);
        }
        assertThat(Padding.unpaddedLength(filled(16, 0))).isEqualTo(-1);
        assertThat(Padding.unpaddedLength(new byte[15])).isEqualTo(-1);
        assertThat(Padding.unpaddedLength(new byte[0])).isEqualTo(-1);
        byte[] twoBlocks = new byte[32];
        twoBlocks[0] = (byte) 0x80; // padding longer than a block
        assertThat(Padding.unpaddedLength(twoBlocks)).isEqualTo(-1);
    }
}
