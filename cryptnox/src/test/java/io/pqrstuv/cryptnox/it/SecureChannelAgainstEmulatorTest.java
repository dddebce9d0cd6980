package io.pqrstuv.cryptnox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.apdu.ResponseApdu;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.error.AppletNotFoundException;
import io.pqrstuv.cryptnox.error.DataValidationException;
import io.pqrstuv.cryptnox.error.GenuineCheckException;
import io.pqrstuv.cryptnox.error.SecureChannelException;
import io.pqrstuv.cryptnox.error.StatusWords;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Corrupted, replayed and malformed messages between this library and the emulator: the card
 * answers the documented status word, the library throws the matching exception, and the session
 * recovers where the protocol allows.
 */
class SecureChannelAgainstEmulatorTest {
    static final char[] PIN = "123456".toCharArray();
    static final char[] PUK = "ABCDEFGHIJKL".toCharArray();
    CardEmulator emulator;
    EmulatorConnection connection;
    CryptnoxCard card;

    @BeforeEach
    void start() throws Exception {
        emulator = CardEmulator.inMemory(io.pqrstuv.cryptnox.emulator.CardType.BASIC_G1);
        try (CryptnoxCard c = CardFactory.open(new EmulatorConnection(emulator))) {
            c.init("", "", PIN, PUK, null);
        }
        connection = new EmulatorConnection(emulator);
        card = CardFactory.open(connection);
    }

    @AfterEach
    void stop() {
        card.close();
        emulator.close();
    }

    static byte[] flip(byte[] b, int index) {
        byte[] c = b.clone();
        c[index] ^= 0x01;
        return c;
    }

    @Test
    void aCorruptedCommandMacIsRefusedByTheCardAndTheChannelReopens() throws Exception {
        card.verifyPin(PIN);
        AtomicBoolean armed = new AtomicBoolean(true);
        connection.commandFilter = c -> c[1] == 0x20 && armed.getAndSet(false) ? flip(c, 6) : c;
        assertThatThrownBy(() -> card.verifyPin(PIN))
                .isInstanceOfSatisfying(SecureChannelException.class, e -> assertThat(e.statusWord()).isEqualTo(0x6982));
        assertThat(card.secureChannelOpen()).isFalse();
        card.verifyPin(PIN);   // a new channel, transparently
        assertThat(card.secureChannelOpen()).isTrue();
    }

    @Test
    void aCorruptedCiphertextIsRefused() throws Exception {
        card.verifyPin(PIN);
        AtomicBoolean armed = new AtomicBoolean(true);
        connection.commandFilter = c -> c[1] == 0x20 && armed.getAndSet(false) ? flip(c, c.length - 1) : c;
        assertThatThrownBy(() -> card.verifyPin(PIN)).isInstanceOf(SecureChannelException.class);
    }

    @Test
    void aReplayedCommandIsRefusedByTheCard() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        connection.commandFilter = c -> {
            sent.add(c.clone());
            return c;
        };
        card.verifyPin(PIN);
        byte[] verify = sent.getLast();
        card.info();
        ResponseApdu r = ResponseApdu.parse(emulator.transmit(verify));
        assertThat(r.sw()).isEqualTo(StatusWords.SECURITY_STATUS);
        // the card closed its channel: the library's next command says so, the one after reopens
        assertThatThrownBy(card::info).isInstanceOf(SecureChannelException.class).hasMessageContaining("no open secure channel");
        card.verifyPin(PIN);
        // the library, fed the replay in place of its next command, reports it typed
        AtomicBoolean armed = new AtomicBoolean(true);
        byte[] last = sent.getLast();
        connection.commandFilter = c -> armed.getAndSet(false) ? last : c;
        assertThatThrownBy(card::info).isInstanceOf(SecureChannelException.class);
    }

    @Test
    void aTamperedOrReplayedReplyIsCaughtByTheHost() throws Exception {
        card.verifyPin(PIN);
        AtomicBoolean armed = new AtomicBoolean(true);
        connection.replyFilter = r -> r.length > 20 && armed.getAndSet(false) ? flip(r, 3) : r;
        assertThatThrownBy(card::info).isInstanceOf(SecureChannelException.class).hasMessageContaining("bad MAC");
        // a reply replayed from earlier in the same channel
        List<byte[]> replies = new ArrayList<>();
        connection.replyFilter = r -> {
            replies.add(r.clone());
            return r;
        };
        card.verifyPin(PIN);
        card.info();
        byte[] old = replies.getLast();
        connection.replyFilter = r -> old;
        assertThatThrownBy(card::info).isInstanceOf(SecureChannelException.class);
    }

    @Test
    void userDataOfEveryBoundaryLengthRoundTrips() throws Exception {
        // 223/224 bytes: MAC + ciphertext cross 256 (short to extended form); 1200/1201: a page boundary
        card.verifyPin(PIN);
        SecureRandom r = new SecureRandom();
        for (int n : new int[] {1, 15, 16, 17, 222, 223, 224, 239, 240, 1199, 1200, 1201, 2400, 2401, 3599, 3600}) {
            byte[] data = new byte[n];
            r.nextBytes(data);
            card.writeUserData(0, data);
            assertThat(card.readUserData(0)).as("%d bytes", n).isEqualTo(data);
        }
    }

    @Test
    void customBitsAreKeptInThePublicCustomBytes() throws Exception {
        card.verifyPin(PIN);
        card.setCustomBit(0, true);
        card.setCustomBit(9, true);
        card.setCustomBit(127, true);
        card.setCustomBit(9, false);
        assertThat(card.customBit(0)).isTrue();
        assertThat(card.customBit(9)).isFalse();
        assertThat(card.customBit(127)).isTrue();
        byte[] expected = new byte[16];
        expected[15] = 1;
        expected[0] = (byte) 0x80;
        assertThat(card.customBytes()).isEqualTo(expected);
        try (CryptnoxCard again = CardFactory.open(new EmulatorConnection(emulator))) {
            assertThat(again.customBytes()).isEqualTo(expected);   // public: no PIN, no secure channel
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> card.customBit(128))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrongPairingSecretFailsTheMutualAuthentication() throws Exception {
        byte[] wrong = new byte[32];
        try (CryptnoxCard other = CardFactory.open(new EmulatorConnection(emulator), wrong, new SecureRandom())) {
            assertThatThrownBy(() -> other.verifyPin(PIN)).isInstanceOf(SecureChannelException.class)
                    .hasMessageContaining("pairing");
        }
    }

    @Test
    void badLengthsAndUnknownAppletsGetTheirStatusWords() throws Exception {
        // Lc says 7, only 3 bytes follow
        ResponseApdu r = ResponseApdu.parse(emulator.transmit(HexFormat.of().parseHex("00a4040007a00000")));
        assertThat(r.sw()).isIn(0x6700, 0x6A80);
        assertThat(StatusWords.toException(r.sw(), "SELECT", StatusWords.Counter.PIN)).isInstanceOf(DataValidationException.class);
        ResponseApdu unknown = ResponseApdu.parse(emulator.transmit(HexFormat.of().parseHex("00a4040007a0000010000199")));
        assertThat(unknown.sw()).isEqualTo(0x6A82);
        assertThat(StatusWords.toException(unknown.sw(), "SELECT", StatusWords.Counter.PIN))
                .isInstanceOf(AppletNotFoundException.class);
        // a secure command with a length the MAC does not cover
        card.verifyPin(PIN);
        AtomicBoolean armed = new AtomicBoolean(true);
        connection.commandFilter = c -> {
            if (c[1] == (byte) 0xFA && armed.getAndSet(false)) {
                byte[] t = java.util.Arrays.copyOf(c, c.length - 16);
                t[4] = (byte) (t.length - 5);
                return t;
            }
            return c;
        };
        assertThatThrownBy(card::info).isInstanceOf(SecureChannelException.class);
    }

    @Test
    void aCardThatDoesNotHoldItsCertificateKeyIsRefused() throws Exception {
        EmulatorConnection c = new EmulatorConnection(emulator);
        java.util.concurrent.atomic.AtomicInteger ins = new java.util.concurrent.atomic.AtomicInteger();
        c.commandFilter = cmd -> {
            ins.set(cmd[1] & 0xFF);
            return cmd;
        };
        c.replyFilter = r -> ins.get() == 0xF8 ? flip(r, 80) : r;
        assertThatThrownBy(() -> CardFactory.open(c)).isInstanceOf(GenuineCheckException.class);
    }
}
