package io.pqrstuv.cryptnox.emulator.bench;

import static io.pqrstuv.cryptnox.emulator.testing.HostCard.concat;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.pin;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.PcscAssumptions;
import io.pqrstuv.cryptnox.emulator.testing.PrivatePcscd;
import io.pqrstuv.cryptnox.emulator.testing.RemoteClient;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import io.pqrstuv.cryptnox.emulator.transport.VpcdLink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * APDU round trips per second, the same card reached three ways: the core in-process (the fastest
 * configuration), remote mode over loopback TCP, and what PC/SC users run — javax.smartcardio →
 * libpcsclite → pcscd → vpcd → the emulator. Also the whole "get_card + secure channel + PIN + sign"
 * sequence. Run with {@code -Dpqrstuv.bench=true}; results go to
 * cryptnox-emulator/target/benchmarks-cryptnox-emulator.txt.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "pqrstuv.bench", matches = "true")
class ApduRoundTripBenchmark {
    private static final long WARMUP_NANOS = 2_000_000_000L;
    private static final long MEASURE_NANOS = 5_000_000_000L;

    @TempDir
    Path dir;

    private final List<String> out = new ArrayList<>();

    interface Step {
        void run() throws Exception;
    }

    /** Operations per second over the measured period, after a warm-up. */
    private static double perSecond(Step op) throws Exception {
        long end = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < end) {
            op.run();
        }
        int n = 0;
        long start = System.nanoTime();
        end = start + MEASURE_NANOS;
        long now;
        do {
            op.run();
            n++;
            now = System.nanoTime();
        } while (now < end);
        return n / ((now - start) / 1e9);
    }

    @Test
    void roundTrips() throws Exception {
        // a first round warms the JIT for every path; only the second is reported
        rounds(true);
        out.clear();
        rounds(false);
    }

    private void rounds(boolean warmUp) throws Exception {
        out.add(String.format("# %s, %s, load %s", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors() + " CPUs", Files.readString(Path.of("/proc/loadavg")).strip()));
        out.add(String.format("%-34s %12s %12s %12s %12s", "path", "SELECT/s", "F7 page/s", "secure FA/s", "1200 B page/s"));
        try (CardEmulator card = CardEmulator.inMemory(CardType.BASIC_G1)) {
            measure("in-process core", ApduTransport.of(card));
        }
        try (CardEmulator card = CardEmulator.inMemory(CardType.BASIC_G1)) {
            RemoteServer server = card.listenRemote(0);
            try (RemoteClient c = new RemoteClient(new Socket(InetAddress.getLoopbackAddress(), server.port()))) {
                measure("remote mode, loopback TCP", c);
            }
        }
        PcscAssumptions.assumePcscdAndVpcd();
        try (PrivatePcscd pcscd = PrivatePcscd.start(dir);
                CardEmulator card = CardEmulator.inMemory(CardType.BASIC_G1)) {
            VpcdLink link = card.attachVpcd("127.0.0.1", pcscd.vpcdPort());
            assertThat(link.awaitConnections(1, Duration.ofSeconds(30))).isTrue();
            CardTerminal t = TerminalFactory.getDefault().terminals().getTerminal(pcscd.readerName(0));
            assertThat(t.waitForCardPresent(30_000)).isTrue();
            Card c = t.connect("T=1");
            try {
                measure("smartcardio → pcscd → vpcd", ApduTransport.of(c.getBasicChannel()));
            } finally {
                c.disconnect(true);
            }
        }
        if (!warmUp) {
            Path file = Path.of("target", "benchmarks-cryptnox-emulator.txt");
            Files.write(file, out);
            out.forEach(System.out::println);
        }
    }

    private void measure(String name, ApduTransport t) throws Exception {
        HostCard h = new HostCard(t);
        h.connect();
        assertThat(h.init("Bench", "", "1234", "ABCDEFGHIJKL", HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
        h.connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin("1234").sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xFC, 0, 0, new byte[1200]).sw()).isEqualTo(0x9000);
        assertThat(h.secure(0xD0, 0x03, 0, concat(new byte[32], pin("1234"))).sw()).isEqualTo(0x9000);
        byte[] select = HexFormat.of().parseHex("00A4040007A0000010000112");
        byte[] f7 = HexFormat.of().parseHex("80F7000000");
        double selects = perSecond(() -> check(t.transmit(select)));
        double pages = perSecond(() -> check(t.transmit(f7)));
        h.connect();
        h.openSecureChannel(HostCard.DEFAULT_PAIRING);
        assertThat(h.verifyPin("1234").sw()).isEqualTo(0x9000);
        double info = perSecond(() -> ok(h.secure(0xFA, 0, 0, new byte[0])));
        double big = perSecond(() -> ok(h.secure(0xFA, 0, 1, new byte[0], true)));
        out.add(String.format(Locale.ROOT, "%-34s %12.0f %12.0f %12.0f %12.0f", name, selects, pages, info, big));
        // the library's whole sequence: get_card (SELECT, F7 ×2, F8, F7 ×2), OPEN SC, MUTUALLY AUTHENTICATE,
        // FA (seed source), SIGN with PIN
        double seq = perSecond(() -> {
            h.connect();
            h.manufacturerCertificate();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            ok(h.secure(0xFA, 0, 0, new byte[0]));
            ok(h.secure(0xC0, 0, 0, concat(new byte[32], pin("1234"))));
        });
        out.add(String.format(Locale.ROOT, "%-34s get_card + channel + sign: %.1f ms (%.0f/s)", "", 1000 / seq, seq));
    }

    private static void check(byte[] r) throws IOException {
        if (r[r.length - 2] != (byte) 0x90) {
            throw new IOException("SW " + HexFormat.of().formatHex(r, r.length - 2, r.length));
        }
    }

    private static void ok(HostCard.Response r) throws IOException {
        if (!r.ok()) {
            throw new IOException(r.toString());
        }
    }
}
