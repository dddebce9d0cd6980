package io.pqrstuv.cryptnox.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.error.CardStateException;
import io.pqrstuv.cryptnox.error.CardTransportException;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Jazzer target of the card library's reply handling: {@link CryptnoxCard} on the card emulator,
 * with the fuzzer tampering with the card's replies as they come back (a flipped byte, a truncated or
 * extended reply, other bytes instead, a replay of an earlier reply). Every library call either
 * returns or throws a {@link CryptnoxException} subtype, never anything else; a call whose secure
 * reply was altered never returns normally, and leaves the secure channel closed; and once the
 * tampering stops, the same card object works again (VERIFY PIN and GET CARD INFO). Regression mode
 * under {@code mvn verify}; {@code scripts/fuzz} fuzzes.
 */
class CardRepliesFuzzTest {
    private static final char[] PIN = "1234".toCharArray();
    private static final char[] PUK = "ABCDEFGHIJKL".toCharArray();
    private static final byte[] SEED = new byte[32];

    /** The emulator in process; replies pass through the fuzzer on their way back. */
    static final class TamperingConnection implements CardConnection {
        private final CardEmulator card;
        FuzzedDataProvider tamper;
        byte[] previous = {(byte) 0x90, 0};
        /** Set when a reply to a secure-channel command came back altered. */
        boolean alteredSecureReply;
        /** Set when a reply to SELECT came back altered (plain, so nothing can authenticate it). */
        boolean alteredSelectReply;

        TamperingConnection(CardEmulator card) {
            this.card = card;
        }

        @Override
        public byte[] transmit(byte[] command) throws CardTransportException {
            byte[] reply = card.transmit(command);
            byte[] out = reply;
            if (tamper != null && tamper.remainingBytes() > 0 && tamper.consumeInt(0, 3) == 0) {
                out = switch (tamper.consumeInt(0, 4)) {
                    case 0 -> flip(reply, tamper);
                    case 1 -> Arrays.copyOf(reply, tamper.consumeInt(0, Math.max(0, reply.length - 1)));
                    case 2 -> concat(reply, tamper.consumeBytes(tamper.consumeInt(1, 40)));
                    case 3 -> previous.clone();
                    default -> tamper.consumeBytes(tamper.consumeInt(0, 300));
                };
                if (secure(command, reply) && !Arrays.equals(out, reply)) {
                    alteredSecureReply = true;
                }
                if (command.length >= 2 && command[0] == 0 && (command[1] & 0xFF) == 0xA4 && !Arrays.equals(out, reply)) {
                    alteredSelectReply = true;
                }
            }
            previous = reply;
            return out;
        }

        @Override
        public String description() {
            return "emulator, tampered replies";
        }

        @Override
        public void close() {
            card.reset();
        }
    }

    /** A reply of the secure channel: a wrapped command (not one of the plain ones) answered 9000 with MAC ‖ blocks. */
    static boolean secure(byte[] command, byte[] reply) {
        if (command.length < 4 || (command[0] & 0xFF) != 0x80 || reply.length < 2 + 32) {
            return false;
        }
        int ins = command[1] & 0xFF;
        int p1 = command[2] & 0xFF;
        boolean plain = ins == 0xA4 || ins == 0xFE || ins == 0x10 || ins == 0xF4 || ins == 0xF7
                || (ins == 0xF8 && p1 == 0) || (ins == 0xC0 && p1 == 0x03 && command.length == 5 + 32)
                || (ins == 0xC2 && command.length <= 5);
        boolean ok = (reply[reply.length - 2] & 0xFF) == 0x90 && reply[reply.length - 1] == 0;
        return !plain && ok && (reply.length - 2) % 16 == 0;
    }

    @FuzzTest(maxDuration = "60s")
    void libraryTakesOnlyGenuineRepliesAndRecovers(FuzzedDataProvider data) throws Exception {
        try (CardEmulator emulator = CardEmulator.builder().type(CardType.BASIC_G1).random(seeded(data.consumeLong()))
                .signingRandom(seeded(3)).build()) {
            TamperingConnection connection = new TamperingConnection(emulator);
            try (CryptnoxCard setup = CardFactory.open(connection, CardFactory.commonPairingSecret(), seeded(5))) {
                setup.init("fuzz", "", PIN, PUK, null);
                setup.verifyPin(PIN);
                setup.loadSeed(SEED, PIN);
            }
            CryptnoxCard card = null;
            connection.tamper = data;
            for (int step = 0; step < 10 && data.remainingBytes() > 0; step++) {
                connection.alteredSecureReply = false;
                try {
                    if (card == null) {
                        card = CardFactory.open(connection, CardFactory.commonPairingSecret(), seeded(step));
                    }
                    call(card, data.consumeInt(0, 7));
                    assertThat(connection.alteredSecureReply).as("a call returned after its secure reply was altered")
                            .isFalse();
                } catch (CryptnoxException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                    if (connection.alteredSecureReply && card != null) {
                        assertThat(card.secureChannelOpen()).as("channel left open after an altered reply").isFalse();
                    }
                }
            }
            connection.tamper = null;
            if (card == null) {
                card = CardFactory.open(connection, CardFactory.commonPairingSecret(), seeded(99));
            }
            try (CryptnoxCard recovered = card) {
                try {
                    recovered.verifyPin(PIN);
                } catch (CardStateException e) {
                    // SELECT's reply is plain: an altered one the library could still parse (say, the
                    // "initialised" flag flipped) leaves the object with the wrong flags until the next
                    // SELECT, which reselect() is for. Found by the campaign; a limit, not a bug.
                    assertThat(connection.alteredSelectReply).as("a stale card state without an altered SELECT")
                            .isTrue();
                    recovered.reselect();
                    recovered.verifyPin(PIN);
                }
                assertThat(recovered.info()).isNotNull();
                assertThat(recovered.pinVerified()).isTrue();
            }
        }
    }

    private static void call(CryptnoxCard card, int which) throws CryptnoxException {
        switch (which) {
            case 0 -> card.verifyPin(PIN);
            case 1 -> card.info();
            case 2 -> card.remainingPinTries();
            case 3 -> card.randomBytes(32);
            case 4 -> card.history(0);
            case 5 -> card.publicKey(KeyType.K1);
            case 6 -> card.readUserData(0);
            default -> card.reselect();
        }
    }

    private static byte[] flip(byte[] b, FuzzedDataProvider data) {
        if (b.length == 0) {
            return b;
        }
        byte[] c = b.clone();
        c[data.consumeInt(0, c.length - 1)] ^= (byte) data.consumeInt(1, 255);
        return c;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }
}
