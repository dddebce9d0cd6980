package io.pqrstuv.cryptnox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.PcscAssumptions;
import io.pqrstuv.cryptnox.emulator.testing.PrivatePcscd;
import io.pqrstuv.cryptnox.emulator.transport.VpcdLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card-level contract on the real Linux smart-card stack: the emulator as a vpcd card in a
 * private pcscd, driven through javax.smartcardio (T=1, extended APDUs, resets as power cycles).
 */
class VpcdCardTest extends CardContract {
    @TempDir
    static Path tmp;
    static PrivatePcscd pcscd;

    private CardEmulator card;
    private VpcdLink link;
    private Card pcsc;

    @BeforeAll
    static void startPcscd() throws Exception {
        PcscAssumptions.assumePcscdAndVpcd();
        pcscd = PrivatePcscd.start(tmp);
    }

    @AfterAll
    static void stopPcscd() {
        if (pcscd != null) {
            pcscd.close();
        }
    }

    @BeforeEach
    void insertCard() throws Exception {
        card = CardEmulator.inMemory(CardType.BASIC_G1);
        link = card.attachVpcd("127.0.0.1", pcscd.vpcdPort());
        assertThat(link.awaitConnections(1, Duration.ofSeconds(30))).as("vpcd link up").isTrue();
        assertThat(terminal().waitForCardPresent(30_000)).as("card present in " + pcscd.readerName(0)).isTrue();
    }

    @AfterEach
    void removeCard() throws Exception {
        if (pcsc != null) {
            try {
                pcsc.disconnect(true);
            } catch (Exception ignored) {
                // the reader may be gone (restart test)
            }
            pcsc = null;
        }
        card.close();
        terminal().waitForCardAbsent(30_000);
    }

    private static CardTerminal terminal() {
        return TerminalFactory.getDefault().terminals().getTerminal(pcscd.readerName(0));
    }

    @Override
    protected HostCard connect() throws Exception {
        if (pcsc != null) {
            pcsc.disconnect(true); // reset: the card's transient memory is cleared, as by a power cycle
        }
        pcsc = terminal().connect("T=1");
        HostCard h = new HostCard(ApduTransport.of(pcsc.getBasicChannel()));
        h.connect();
        return h;
    }

    @Test
    void pcscListsTheReaderAndConnectsWithT1() throws Exception {
        List<CardTerminal> all = TerminalFactory.getDefault().terminals().list();
        assertThat(all).extracting(CardTerminal::getName).contains(pcscd.readerName(0), pcscd.readerName(1));
        Card c = terminal().connect("*");
        try {
            assertThat(c.getProtocol()).isEqualTo("T=1");
            assertThat(c.getATR().getBytes()).isEqualTo(Atr.bytes());
        } finally {
            c.disconnect(false);
        }
        assertThat(terminal().connect("T=1").getProtocol()).isEqualTo("T=1");
    }

    /** Another PC/SC client, in another process: OpenSC's opensc-tool (Debian package opensc). */
    @Test
    void openscToolSeesTheCardAndExchangesApdus() throws Exception {
        Path tool = Path.of("/usr/bin/opensc-tool");
        if (!Files.isExecutable(tool)) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("on CI opensc-tool must be installed (.ci/run installs opensc)");
            }
            System.err.println("SKIPPED: opensc-tool not installed (Debian package opensc)");
            Assumptions.abort("opensc-tool not installed");
        }
        ProcessBuilder pb = new ProcessBuilder(tool.toString(), "--reader", "0", "--atr",
                "--send-apdu", "00A4040007A0000010000112", "--send-apdu", "80F7000000").redirectErrorStream(true);
        pb.environment().putAll(pcscd.clientEnvironment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("3b:fc:18:00:00:81:31:fe:45:43:72:79:70:74:6e:6f:78:45:6d:75:31:b6")
                .contains("42 01 06 01 00 10 00 00").contains("SW1=0x90, SW2=0x00");
    }

    @Test
    void vpcdLinkReconnectsAfterPcscdRestarts() throws Exception {
        HostCard before = connect();
        assertThat(before.select().sw()).isEqualTo(0x9000);
        pcsc = null;
        pcscd.restart();
        assertThat(link.awaitConnections(2, Duration.ofSeconds(30))).as("reconnected to the new vpcd").isTrue();
        assertThat(terminal().waitForCardPresent(30_000)).isTrue();
        HostCard after = connect();
        assertThat(after.select().sw()).isEqualTo(0x9000);
    }
}
