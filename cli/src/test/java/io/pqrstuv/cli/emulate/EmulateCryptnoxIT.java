package io.pqrstuv.cli.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.PcscAssumptions;
import io.pqrstuv.cryptnox.emulator.testing.PrivatePcscd;
import io.pqrstuv.cryptnox.emulator.testing.RemoteClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./pqrstuv emulate cryptnox} as a user runs it: remote mode, vpcd in a private pcscd, SIGKILL. */
class EmulateCryptnoxIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Emulator(Process process, String banner, String where) {
    }

    private Emulator launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("pqrstuv").toString(), "emulate", "cryptnox"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String banner = out.readLine();
        String where = out.readLine();
        assertThat(banner).as("banner; stderr: " + Files.readString(dir.resolve("err.txt"))).isNotNull();
        return new Emulator(p, banner, where);
    }

    private static int listeningPort(Emulator e) {
        Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(e.where());
        assertThat(m.find()).as(e.where()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void remoteModeCardKeepsItsStateAcrossASigkill() throws Exception {
        Path state = dir.resolve("card.json");
        Emulator e = launch("--state", state.toString(), "--remote-listen", "0");
        assertThat(e.banner()).contains("Basic G1 card", "(new blank card)");
        try (RemoteClient c = new RemoteClient(new Socket(InetAddress.getLoopbackAddress(), listeningPort(e)))) {
            HostCard h = new HostCard(c);
            h.connect();
            assertThat(h.init("Ann", "", "1234", "ABCDEFGHIJKL", HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.verifyPin("0000").sw()).isEqualTo(0x63C2);
            assertThat(h.verifyPin("0000").sw()).isEqualTo(0x63C1);
        }
        e.process().destroyForcibly().waitFor();
        e = launch("--state", state.toString(), "--remote-listen", "127.0.0.1:0");
        assertThat(e.banner()).doesNotContain("new blank card");
        try (RemoteClient c = new RemoteClient(new Socket(InetAddress.getLoopbackAddress(), listeningPort(e)))) {
            HostCard h = new HostCard(c);
            assertThat(h.connect().data()[5] & 0x40).isEqualTo(0x40);
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.verifyPin("0000").sw()).as("4 left in all, 3 this cycle").isEqualTo(0x63C2);
            assertThat(h.verifyPin("0000").sw()).isEqualTo(0x63C1);
            assertThat(h.verifyPin("0000").sw()).as("1 left in all").isEqualTo(0x63C0);
        }
        e.process().destroyForcibly().waitFor();
        e = launch("--state", state.toString(), "--remote-listen", "0");
        try (RemoteClient c = new RemoteClient(new Socket(InetAddress.getLoopbackAddress(), listeningPort(e)))) {
            HostCard h = new HostCard(c);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.secure(0x20, 0, 0, new byte[0]).data()).containsExactly(1);
        }
    }

    @Test
    void vpcdModePutsTheCardInPcscdsReader() throws Exception {
        PcscAssumptions.assumePcscdAndVpcd();
        try (PrivatePcscd pcscd = PrivatePcscd.start(dir)) {
            Emulator e = launch("--state", dir.resolve("nft.json").toString(), "--type", "nft",
                    "--vpcd", "127.0.0.1:" + pcscd.vpcdPort());
            assertThat(e.banner()).contains("NFT card");
            // pcscd lists vpcd's reader a moment after its socket is up (longer on a loaded machine)
            CardTerminal t = null;
            for (long end = System.nanoTime() + 30_000_000_000L; t == null && System.nanoTime() < end; ) {
                t = TerminalFactory.getDefault().terminals().getTerminal(pcscd.readerName(0));
                if (t == null) {
                    Thread.sleep(100);
                }
            }
            assertThat(t).as("reader " + pcscd.readerName(0)).isNotNull();
            assertThat(t.waitForCardPresent(30_000)).isTrue();
            Card card = t.connect("T=1");
            try {
                HostCard h = new HostCard(ApduTransport.of(card.getBasicChannel()));
                assertThat(h.connect().data()[0]).isEqualTo((byte) 'N');
            } finally {
                card.disconnect(true);
            }
        }
    }

    @Test
    void badArgumentsGetOneLine() throws Exception {
        Process p = new ProcessBuilder(ROOT.resolve("pqrstuv").toString(), "emulate", "cryptnox", "--state",
                dir.resolve("x.json").toString(), "--vpcd", "nohostport").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out.strip()).isEqualTo("pqrstuv emulate cryptnox: 'nohostport' is not HOST:PORT");
        assertThat(Files.exists(dir.resolve("x.json"))).as("nothing written before the arguments are valid").isFalse();
    }
}
