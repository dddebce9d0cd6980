package io.pqrstuv.cryptnox.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.testing.PcscAssumptions;
import io.pqrstuv.cryptnox.emulator.testing.PrivatePcscd;
import io.pqrstuv.cryptnox.emulator.transport.VpcdLink;
import io.pqrstuv.cryptnox.transport.CardConnection;
import io.pqrstuv.cryptnox.transport.PcscConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle through the real Linux smart-card stack: a private {@code pcscd --foreground} with
 * vpcd on a free port, the emulator attached as a virtual card, this library over
 * {@code javax.smartcardio} (T=1, extended APDUs of 1,232 bytes both ways for the user data).
 */
@org.junit.jupiter.api.condition.DisabledIfSystemProperty(named = "pqrstuv.card.reader", matches = ".+",
        disabledReason = "a JVM talks to one PC/SC daemon: with pqrstuv.card.reader it is the system's")
class PcscLifecycleTest extends CardLifecycleContract {
    @TempDir
    static Path dir;
    static PrivatePcscd pcscd;
    static CardEmulator emulator;
    static VpcdLink link;

    @BeforeAll
    static void start() throws Exception {
        PcscAssumptions.assumePcscdAndVpcd();
        pcscd = PrivatePcscd.start(dir);
        emulator = CardEmulator.open(dir.resolve("card.state"), io.pqrstuv.cryptnox.emulator.CardType.BASIC_G1);
        link = emulator.attachVpcd("127.0.0.1", pcscd.vpcdPort());
        assertThat(link.awaitConnections(1, Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stop() {
        if (link != null) {
            link.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    @Override
    CardConnection connect() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return PcscConnection.open(pcscd.readerName(0));
            } catch (io.pqrstuv.cryptnox.error.CardTransportException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    void powerCycle() {
        emulator.powerCycle();
    }

    @Test
    void readersAreListedByIndexAndName() throws Exception {
        assertThat(PcscConnection.readerNames()).contains(pcscd.readerName(0));
        assertThat(PcscConnection.cardPresent(pcscd.readerName(0))).isTrue();
        try (PcscConnection c = PcscConnection.open("PCD 00 00")) {
            assertThat(c.readerName()).isEqualTo(pcscd.readerName(0));
        }
    }
}
