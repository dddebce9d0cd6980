package io.pqrstuv.cryptnox.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.Firmware;
import io.pqrstuv.cryptnox.emulator.testing.PcscAssumptions;
import io.pqrstuv.cryptnox.emulator.testing.PrivatePcscd;
import io.pqrstuv.cryptnox.emulator.transport.VpcdLink;
import io.pqrstuv.cryptnox.error.CardTransportException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import io.pqrstuv.cryptnox.transport.PcscConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet features through pcscd + vpcd and javax.smartcardio, with a card in each of vpcd's two
 * readers: dual generation between two readers, and the extended APDUs of RSA (a 260-byte wrap key
 * reply, a 333-byte ADD USER KEY, a 265-byte wrapped seed) through the real PC/SC stack.
 */
@org.junit.jupiter.api.condition.DisabledIfSystemProperty(named = "pqrstuv.card.reader", matches = ".+",
        disabledReason = "a JVM talks to one PC/SC daemon: with pqrstuv.card.reader it is the system's")
class PcscWalletFeaturesTest extends WalletFeaturesContract {
    @TempDir
    static Path dir;
    static PrivatePcscd pcscd;
    static CardEmulator first;
    static CardEmulator second;
    static VpcdLink firstLink;
    static VpcdLink secondLink;

    @BeforeAll
    static void start() throws Exception {
        PcscAssumptions.assumePcscdAndVpcd();
        pcscd = PrivatePcscd.start(dir);
        first = CardEmulator.builder().stateFile(dir.resolve("a.state")).firmware(Firmware.V2_0_0).build();
        second = CardEmulator.builder().stateFile(dir.resolve("b.state")).firmware(Firmware.V2_0_0).build();
        firstLink = first.attachVpcd("127.0.0.1", pcscd.vpcdPort());
        secondLink = second.attachVpcd("127.0.0.1", pcscd.vpcdPort() + 1);
        assertThat(firstLink.awaitConnections(1, Duration.ofSeconds(60))).isTrue();
        assertThat(secondLink.awaitConnections(1, Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {firstLink, secondLink, first, second, pcscd}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
    }

    @Override
    CardConnection connect() throws Exception {
        return open(pcscd.readerName(0));
    }

    @Override
    CardConnection connectSecond() throws Exception {
        return open(pcscd.readerName(1));
    }

    private static CardConnection open(String reader) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return PcscConnection.open(reader);
            } catch (CardTransportException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
