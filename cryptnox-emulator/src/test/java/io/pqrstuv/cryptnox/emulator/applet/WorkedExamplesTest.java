package io.pqrstuv.cryptnox.emulator.applet;

import static io.pqrstuv.cryptnox.emulator.testing.HostCard.filled;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.ScriptedRandom;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of notes §7.4 (secure channel) and §7.5 (INIT), byte for byte, with the
 * card's randomness scripted to the values of the examples.
 */
class WorkedExamplesTest {
    private static final HexFormat HEX = HexFormat.of();
    static final byte[] CARD_SESSION_PUB = HEX.parseHex("040217e617f0b6443928278f96999e69a23a4f2c152bdf6d6cdf66e5b80282d4ed194a7debcb97712d2dda3ca85aa8765a56f45fc758599652f2897c65306e5794");
    static final byte[] HOST_SESSION_PUB = HEX.parseHex("04d65a93977caa3d1b081852ff57a79e465f1660577304baead505dd3a48589cf350185e895372df6221ea3a137557e473fddb6755f05bd507c3c533fce9c91285");
    static final String INIT_APDU = "80fe0000a241040bbbc5e8bc84bd33d1d3ce03ffac9a747f4c1993fddb2ec93a4116a86f022a77c3c17191559a4c2a1aa57e79b8d1977da2c959172f478e341e27028d69fffb7b77777777777777777777777777777777be36aa5021c02afd5e44bfdfa5fb8238aacbe0531076237960af72fa378dff11f8e04dfb07c84aeb8105df23a9bab938a59feeae433370dc641dd50637f6b27d9e8c2b288f91c6a81a9d97de244a2814";
    static final String INIT_PLAINTEXT = "05416c69636511616c696365406578616d706c652e636f6d3132333400000000004142434445464748494a4b4c43727970746e6f7820426173696320436f6d6d6f6e50616972696e6744617461";
    static final String MUTUAL_AUTH_APDU = "8011000040b8b0103559b01c9e28fb615a9dee51cd75382f935db7166da6cd2dc20ed4c606f1b08d1773ca77cd7e62f64ba7b0198f3491a7e315c771a751b1ce0e93c33f1b";
    static final String MUTUAL_AUTH_REPLY = "9e015ee01a283b77a6566ff330a74c6428669404d1415e54874159dacfc4d75268a603a5af1fddfca421e37d0795bca78bf7cba221d4133b477455de7f0dd0ac";
    static final String VERIFY_APDU = "8020000020179072329682e5e06446cf73432d5f69e76ee055c86cec31204fd66451949b5b";
    static final String VERIFY_REPLY = "1359aa9c7f53b944a73939276c8e3a3849ac805ea7d29154331af2d23ff7a90f";
    static final String READ_DATA_APDU = "80fa00010000200aea083af131dbdc4d1e7874aac54ec24dc3420b509246ee001c50858e530b3b";

    private ScriptedRandom rng;
    private CardEmulator card;
    private HostCard host;

    @BeforeEach
    void setUp() throws Exception {
        byte[] staticKey = new byte[32];
        new SecureRandom().nextBytes(staticKey);
        staticKey[0] = 0x01; // below the P-256 order
        rng = new ScriptedRandom(true)
                .then(HEX.parseHex("1122334455667788")) // serial
                .then(staticKey)
                .then(filled(32, 0x11)); // F8 session key
        card = CardEmulator.builder().type(CardType.BASIC_G1).random(rng).build();
        host = new HostCard(ApduTransport.of(card));
    }

    @AfterEach
    void tearDown() {
        card.close();
    }

    @Test
    void initApduOfTheNotesInitialisesTheCard() throws Exception {
        host.connect();
        assertThat(host.cardSessionKey()).isEqualTo(CARD_SESSION_PUB);
        KeyPair initKey = HostCard.keyPair(filled(32, 0x66), HEX.parseHex(INIT_APDU.substring(12, 142)));
        // the independent host builds exactly the APDU of the notes...
        assertThat(HEX.formatHex(host.initApdu(HEX.parseHex(INIT_PLAINTEXT), initKey, filled(16, 0x77))))
                .isEqualTo(INIT_APDU);
        // ...and the card accepts it
        assertThat(host.send(HEX.parseHex(INIT_APDU)).sw()).isEqualTo(0x9000);
        assertThat(host.select().data()[5] & 0x40).as("initialized flag").isEqualTo(0x40);
        // a second INIT is refused
        rng.then(filled(32, 0x11));
        host.connect();
        assertThat(host.send(HEX.parseHex(INIT_APDU)).sw()).isEqualTo(0x6D00);
    }

    @Test
    void secureChannelMatchesTheNotesByteForByte() throws Exception {
        initialise();
        rng.then(filled(32, 0x11)).then(filled(32, 0x33)).then(filled(32, 0x55));
        host.connect();
        KeyPair hostKey = HostCard.keyPair(filled(32, 0x22), HOST_SESSION_PUB);
        HostCard.Response[] r = host.openSecureChannel(HostCard.DEFAULT_PAIRING, hostKey, filled(32, 0x44), 0);
        assertThat(r[0].data()).isEqualTo(filled(32, 0x33));
        assertThat(HEX.formatHex(host.lastCommand())).isEqualTo(MUTUAL_AUTH_APDU);
        assertThat(HEX.formatHex(host.lastResponse())).isEqualTo(MUTUAL_AUTH_REPLY + "9000");
        assertThat(r[1].data()).isEqualTo(filled(32, 0x55));

        HostCard.Response verify = host.verifyPin("1234");
        assertThat(HEX.formatHex(host.lastCommand())).isEqualTo(VERIFY_APDU);
        assertThat(HEX.formatHex(host.lastResponse())).isEqualTo(VERIFY_REPLY + "9000");
        assertThat(verify.sw()).isEqualTo(0x9000);

        HostCard.Response page = host.secure(0xFA, 0x00, 0x01, new byte[0], true);
        assertThat(HEX.formatHex(host.lastCommand())).isEqualTo(READ_DATA_APDU);
        assertThat(page.sw()).isEqualTo(0x9000);
        assertThat(page.data()).isEmpty();
    }

    @Test
    void replayedVerifyPinIsRejectedAndClosesTheChannel() throws Exception {
        initialise();
        rng.then(filled(32, 0x11)).then(filled(32, 0x33)).then(filled(32, 0x55));
        host.connect();
        host.openSecureChannel(HostCard.DEFAULT_PAIRING, HostCard.keyPair(filled(32, 0x22), HOST_SESSION_PUB),
                filled(32, 0x44), 0);
        assertThat(host.verifyPin("1234").sw()).isEqualTo(0x9000);
        // the same bytes again: the MAC is valid, but the card decrypts with the IV of the new chain
        assertThat(host.send(HEX.parseHex(VERIFY_APDU)).sw()).isEqualTo(0x6982);
        // the channel is gone: a well-formed secure command now gets a plain 6985
        assertThat(host.send(HEX.parseHex(READ_DATA_APDU)).sw()).isEqualTo(0x6985);
    }

    @Test
    void cardRejectsABadMacWithAPlain6982AndDropsTheSession() throws Exception {
        initialise();
        rng.then(filled(32, 0x11)).then(filled(32, 0x33)).then(filled(32, 0x55));
        host.connect();
        host.openSecureChannel(HostCard.DEFAULT_PAIRING, HostCard.keyPair(filled(32, 0x22), HOST_SESSION_PUB),
                filled(32, 0x44), 0);
        byte[] apdu = HEX.parseHex(VERIFY_APDU);
        apdu[5] ^= 0x01; // first MAC byte
        assertThat(HEX.formatHex(host.send(apdu).data())).isEmpty();
        assertThat(host.lastResponse()).containsExactly(0x69, (byte) 0x82);
        assertThat(host.send(HEX.parseHex(VERIFY_APDU)).sw()).isEqualTo(0x6985);
    }

    @Test
    void wrongPairingSecretFailsMutualAuthentication() throws Exception {
        initialise();
        rng.then(filled(32, 0x11)).then(filled(32, 0x33));
        host.connect();
        HostCard.Response[] r = host.openSecureChannel(filled(32, 0x00),
                HostCard.keyPair(filled(32, 0x22), HOST_SESSION_PUB), filled(32, 0x44), 0);
        assertThat(r[0].sw()).isEqualTo(0x9000);
        assertThat(r[1].sw()).isEqualTo(0x6982);
    }

    private void initialise() throws Exception {
        host.connect();
        assertThat(host.send(HEX.parseHex(INIT_APDU)).sw()).isEqualTo(0x9000);
    }
}
