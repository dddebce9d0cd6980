package io.pqrstuv.cryptnox.emulator.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.applet.CryptnoxApplet;
import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.HostCard.Response;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Jazzer target of the card emulator's APDU and secure-channel handling (the card core's
 * {@code transmit}). A fuzzer-chosen sequence of raw APDUs, plain commands with fuzzed headers and
 * data, commands inside a real secure channel (opened by the independent test host {@link HostCard}
 * on an initialised card) with fuzzed instructions, parameters and plaintext, tampered secure
 * messages, and power cycles. Checks after every APDU: a response is at least a status word; the
 * card never reports an internal error (SW 6F00, or a SEVERE log of a handler's exception: with a
 * memory store nothing may fail); a secure reply with SW 9000 always carries a valid MAC and padding
 * under the session keys; a tampered secure message is never executed (never SW 9000). At the end the
 * card still works: SELECT, its certificates verify, and, while the pairing secret is the one the
 * harness set, a new secure channel opens. Regression mode under {@code mvn verify};
 * {@code scripts/fuzz} fuzzes.
 */
class CardApduFuzzTest {
    private static final int[] SECURE_INS = {0x20, 0x21, 0x22, 0xFA, 0xFB, 0xFC, 0xD3, 0xDA, 0xC3, 0xFD, 0xD0, 0xD1,
        0xD4, 0xC0, 0xC2, 0xC4, 0xC1, 0xC5, 0xF8, 0xD5, 0xD6, 0xD7, 0x11, 0x00, 0xFF};
    private static final int[] PLAIN_INS = {0xA4, 0xF4, 0xF7, 0xF8, 0xFE, 0x10, 0x11, 0xC0, 0xC2, 0x20, 0xFD, 0xCA};
    private static final String PIN = "1234";
    private static final String PUK = "ABCDEFGHIJKL";
    private static final List<LogRecord> SEVERE = new ArrayList<>();

    static {
        Logger log = Logger.getLogger(CryptnoxApplet.class.getName());
        log.setUseParentHandlers(false); // the harness reports them, as findings
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    synchronized (SEVERE) {
                        SEVERE.add(r);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private CardEmulator card;
    private HostCard host;
    private boolean pairingKnown = true;

    @FuzzTest(maxDuration = "60s")
    void cardAnswersEveryApduInItsOwnTermsAndKeepsWorking(FuzzedDataProvider data) throws Exception {
        synchronized (SEVERE) {
            SEVERE.clear();
        }
        pairingKnown = true; // Jazzer calls the target on one instance: reset what an input changes
        card = CardEmulator.builder().type(data.consumeBoolean() ? CardType.BASIC_G1 : CardType.NFT)
                .random(seeded(data.consumeLong())).signingRandom(seeded(7)).build();
        host = new HostCard(apdu -> checked(card.transmit(apdu)), seeded(11));
        try {
            host.connect();
            if (data.consumeInt(0, 4) > 0) {
                byte[] marker = card.type() == CardType.NFT ? new byte[] {0x5A, 0x5A} : null;
                Response r = host.init(HostCard.initPlaintext(HostCard.ascii("n"), HostCard.ascii("e"),
                        HostCard.pin(PIN), HostCard.ascii(PUK), marker, HostCard.DEFAULT_PAIRING),
                        HostCard.newKeyPair(), new byte[16]);
                assertThat(r.sw()).isEqualTo(0x9000);
            }
            for (int step = 0; step < 16 && data.remainingBytes() > 0; step++) {
                step(data);
            }
            stillWorks();
        } finally {
            card.close();
        }
    }

    private void step(FuzzedDataProvider data) throws IOException {
        switch (data.consumeInt(0, 7)) {
            case 0 -> {
                host.send(data.consumeBytes(data.consumeInt(0, 300)));
                host.wipeChannel(); // the card may have dropped the channel: the host starts again
            }
            case 1 -> {
                byte[] body = data.consumeBytes(data.consumeInt(0, 120));
                byte[] apdu = HostCard.concat(new byte[] {(byte) (data.consumeBoolean() ? 0x80 : 0x00),
                    (byte) data.pickValue(PLAIN_INS), data.consumeByte(), data.consumeByte(), (byte) body.length}, body);
                host.send(apdu);
                host.wipeChannel();
            }
            case 2, 3, 4 -> secure(data, false);
            case 5 -> secure(data, true);
            case 6 -> {
                switch (data.consumeInt(0, 2)) {
                    case 0 -> card.powerCycle();
                    case 1 -> card.reset();
                    default -> host.select();
                }
                host.wipeChannel();
            }
            default -> {
                // VERIFY PIN inside the channel, right or wrong, so the PIN-protected handlers are reached
                if (openChannel()) {
                    Response r = host.secure(0x20, 0, 0, HostCard.pin(data.consumeBoolean() ? PIN : data.consumeString(9)));
                    afterSecure(r);
                }
            }
        }
    }

    /** Opens a channel on an initialised card; false when the card is blank or the pairing secret is unknown. */
    private boolean openChannel() throws IOException {
        if (host.channelOpen()) {
            return true;
        }
        Response sel = host.connect();
        assertThat(sel.sw()).isEqualTo(0x9000);
        if ((sel.data()[5] & 0x40) == 0 || !pairingKnown) {
            return false;
        }
        host.openSecureChannel(HostCard.DEFAULT_PAIRING);
        return true;
    }

    private void secure(FuzzedDataProvider data, boolean tamper) throws IOException {
        if (!openChannel()) {
            return;
        }
        int ins = data.pickValue(SECURE_INS);
        int p1 = data.consumeBoolean() ? data.consumeInt(0, 3) : data.consumeInt(0, 255);
        int p2 = data.consumeBoolean() ? data.consumeInt(0, 3) : data.consumeInt(0, 255);
        byte[] plain = data.consumeBytes(data.consumeInt(0, 400));
        byte[] apdu = host.wrap(ins, p1, p2, plain, data.consumeBoolean());
        if (!tamper) {
            afterSecure(host.unwrap(host.send(apdu)));
            if (ins == 0xDA) {
                pairingKnown = false; // the fuzzer may have set a new pairing secret (checked below)
            }
            return;
        }
        byte[] bad = apdu.clone();
        switch (data.consumeInt(0, 2)) {
            case 0 -> bad[data.consumeInt(0, bad.length - 1)] ^= (byte) data.consumeInt(1, 255);
            case 1 -> bad = java.util.Arrays.copyOf(bad, data.consumeInt(0, bad.length - 1));
            default -> bad = HostCard.concat(bad, data.consumeBytes(data.consumeInt(1, 32)));
        }
        Response r = host.send(bad);
        // Not a tampering (found by the first campaign, a harness error): no byte added when the input ran
        // out, or exactly one Le byte (two in extended form) appended: ISO 7816 case 4, outside the MAC.
        int added = bad.length - apdu.length;
        boolean leOnly = added == (apdu[4] == 0 ? 2 : 1);
        if (!java.util.Arrays.equals(bad, apdu) && !leOnly) {
            assertThat(r.sw()).as("a tampered secure message was executed").isNotEqualTo(0x9000);
        }
        host.wipeChannel();
    }

    private void afterSecure(Response inner) {
        if (inner.sw() == 0x6982) {
            host.wipeChannel();
        }
    }

    /** Every response: at least a status word, and never the card's "internal error". */
    private static byte[] checked(byte[] response) {
        assertThat(response.length).as("response length").isGreaterThanOrEqualTo(2);
        int sw = ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
        synchronized (SEVERE) {
            if (!SEVERE.isEmpty()) {
                LogRecord r = SEVERE.getFirst();
                throw new AssertionError("card internal error: " + r.getMessage(), r.getThrown());
            }
        }
        assertThat(sw).as("SW 6F00 (internal error)").isNotEqualTo(0x6F00);
        return response;
    }

    private void stillWorks() throws IOException {
        host.wipeChannel();
        card.powerCycle();
        Response sel = host.connect(); // SELECT, the manufacturer certificate, the signed session key
        assertThat(sel.sw()).isEqualTo(0x9000);
        if ((sel.data()[5] & 0x40) != 0 && pairingKnown) {
            host.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(host.channelOpen()).isTrue();
        }
    }

    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }
}
