package io.pqrstuv.cli.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pqrstuv.cli.device.DeviceLayout;
import io.pqrstuv.cli.device.EmbeddedDevice;
import io.pqrstuv.cryptnox.apdu.CommandApdu;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.testing.PcscAssumptions;
import io.pqrstuv.cryptnox.emulator.testing.PrivatePcscd;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import io.pqrstuv.cryptnox.emulator.transport.VpcdLink;
import io.pqrstuv.cryptnox.transport.CardConnection;
import io.pqrstuv.cryptnox.transport.PcscConnection;
import io.pqrstuv.cryptnox.transport.RemoteConnection;
import io.pqrstuv.serial.LineRate;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's card benchmark: APDU round trips per second (pcscd + vpcd, remote socket mode, and the
 * emulator in process as the floor), the whole open + secure channel + PIN + sign sequence, and a
 * {@code --secret-card} command from the PIN to the device's answer. Run with
 * {@code -Dpqrstuv.bench=true} (optionally {@code -Dpqrstuv.bench.seconds=N}, default 5 per row);
 * writes {@code cli/target/benchmarks-cryptnox.md}.
 */
class CardBenchmark {
    static final char[] PIN = "123456".toCharArray();
    static final char[] PUK = "ABCDEFGHIJKL".toCharArray();
    static final byte[] SELECT = CommandApdu.of(0, 0xA4, 4, 0, HexFormat.of().parseHex("A0000010000112")).encode();

    @TempDir
    Path dir;

    interface Link {
        CardConnection open() throws Exception;
    }

    record Row(String what, String transport, int n, double perSecond, double medianMs, double p90Ms) {
    }

    final List<Row> rows = new ArrayList<>();
    final Duration slice = Duration.ofSeconds(Long.getLong("pqrstuv.bench.seconds", 5));

    @Test
    void benchmark() throws Exception {
        assumeTrue(Boolean.getBoolean("pqrstuv.bench"), "benchmark: run with -Dpqrstuv.bench=true");
        PcscAssumptions.assumePcscdAndVpcd();
        Instant started = Instant.now();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (PrivatePcscd pcscd = PrivatePcscd.start(dir);
                CardEmulator vcard = CardEmulator.open(dir.resolve("vpcd.state"), CardType.BASIC_G1);
                VpcdLink link = vcard.attachVpcd("127.0.0.1", pcscd.vpcdPort());
                CardEmulator rcard = CardEmulator.open(dir.resolve("remote.state"), CardType.BASIC_G1);
                RemoteServer server = rcard.listenRemote(InetAddress.getLoopbackAddress(), 0);
                CardEmulator icard = CardEmulator.open(dir.resolve("inproc.state"), CardType.BASIC_G1)) {
            assertThat(link.awaitConnections(1, Duration.ofSeconds(60))).isTrue();
            String reader = pcscd.readerName(0);
            while (!PcscConnection.cardPresent(reader)) {
                Thread.sleep(50);
            }
            Link pcsc = () -> PcscConnection.open(reader);
            Link remote = () -> RemoteConnection.connect("127.0.0.1", server.port(), Duration.ofSeconds(30));
            Link inproc = () -> new InProcess(icard);
            for (Link l : List.of(pcsc, remote, inproc)) {
                prepare(l);
            }
            String[] names = {"pcscd + vpcd (javax.smartcardio)", "remote socket mode (loopback)", "emulator in process"};
            Link[] links = {pcsc, remote, inproc};
            for (int i = 0; i < links.length; i++) {
                roundTrips(names[i], links[i]);
            }
            for (int i = 0; i < links.length; i++) {
                secureRoundTrips(names[i], links[i]);
            }
            for (int i = 0; i < links.length; i++) {
                openChannelSign(names[i], links[i]);
            }
            secretCard(reader);
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(started).append(" – ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ").append(Runtime.version())
                .append(String.format(Locale.ROOT, ", load average (1 min) %.1f before, %.1f after, %d s per row%n%n",
                        loadBefore, loadAfter, slice.toSeconds()));
        md.append("| What | Transport | n | per second | median ms | p90 ms |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.2f | %.2f |%n", r.what(), r.transport(), r.n(),
                    r.perSecond(), r.medianMs(), r.p90Ms()));
        }
        Files.writeString(Path.of("target", "benchmarks-cryptnox.md"), md);
        System.out.println(md);
    }

    /** A card with a seed and PIN, ready for the measured rows; one warm-up sequence. */
    private void prepare(Link l) throws Exception {
        try (CryptnoxCard c = CardFactory.open(l.open())) {
            if (c.initialized()) {
                c.reset(PUK);
            }
            c.init("bench", "", PIN, PUK, null);
            c.verifyPin(PIN);
            c.loadSeed(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"), PIN);
        }
        openChannelSignOnce(l);
    }

    private void roundTrips(String name, Link l) throws Exception {
        try (CardConnection c = l.open()) {
            for (int i = 0; i < 200; i++) {
                c.transmit(SELECT);
            }
            List<Long> t = new ArrayList<>();
            long end = System.nanoTime() + slice.toNanos();
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                byte[] r = c.transmit(SELECT);
                t.add(System.nanoTime() - t0);
                if (r.length != 26) {
                    throw new AssertionError("SELECT answered " + r.length + " bytes");
                }
            }
            add("APDU round trip (SELECT, 12 B → 26 B)", name, t, System.nanoTime() - start);
        }
    }

    private void secureRoundTrips(String name, Link l) throws Exception {
        try (CryptnoxCard card = CardFactory.open(l.open())) {
            for (int i = 0; i < 100; i++) {
                card.info();
            }
            List<Long> t = new ArrayList<>();
            long end = System.nanoTime() + slice.toNanos();
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                card.info();
                t.add(System.nanoTime() - t0);
            }
            add("secure APDU round trip (GET CARD INFO through the channel)", name, t, System.nanoTime() - start);
        }
    }

    private void openChannelSign(String name, Link l) throws Exception {
        List<Long> t = new ArrayList<>();
        long end = System.nanoTime() + slice.toNanos();
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            openChannelSignOnce(l);
            t.add(System.nanoTime() - t0);
        }
        add("open (SELECT, certificate, signed session key) + secure channel + VERIFY PIN + sign k1", name, t,
                System.nanoTime() - start);
    }

    private static void openChannelSignOnce(Link l) throws Exception {
        byte[] hash = new byte[32];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(hash);
        try (CryptnoxCard card = CardFactory.open(l.open())) {
            card.verifyPin(PIN);
            byte[] sig = card.sign(hash, KeyType.K1, null, PIN);
            if (sig[0] != 0x30) {
                throw new AssertionError("not a signature");
            }
        }
    }

    /** {@code list-keys --secret-card} against an embedded device: card open + PIN + secret read + HTTPS call. */
    private void secretCard(String reader) throws Exception {
        Path pin = Files.writeString(dir.resolve("pin"), new String(PIN));
        try (CryptnoxCard c = CardFactory.open(PcscConnection.open(reader))) {
            c.reset(PUK);
            c.init("bench", "", PIN, PUK, null);
        }
        EmbeddedDevice device = EmbeddedDevice.start(new DeviceLayout(dir.resolve("device")),
                new InetSocketAddress("127.0.0.1", 0), LineRate.UNLIMITED, "memory");
        try {
            String[] conn = {"--url", device.url(), "--cacert", device.certificatePath().toString()};
            String[] card = {"--reader", reader, "--card-pin-file", pin.toString()};
            Path empty = Files.writeString(dir.resolve("empty"), "");
            CardCli.Result set = CardCli.run(CardCommandsTest.concat(new String[] {"set-secret", "--card", "--secret-file",
                    empty.toString()}, conn, card));
            assertThat(set.exitCode()).as(set.toString()).isZero();
            String[] args = CardCommandsTest.concat(new String[] {"list-keys", "ES256", "--secret-card"}, conn, card);
            for (int i = 0; i < 5; i++) {
                assertThat(CardCli.run(args).exitCode()).isZero();
            }
            List<Long> whole = new ArrayList<>();
            List<Long> cardPart = new ArrayList<>();
            long end = System.nanoTime() + slice.toNanos();
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                byte[] s = CardSecretInput.read(reader, pin.toString(), null, null);
                cardPart.add(System.nanoTime() - t0);
                java.util.Arrays.fill(s, (byte) 0);
                long t1 = System.nanoTime();
                CardCli.Result r = CardCli.run(args);
                whole.add(System.nanoTime() - t1);
                assertThat(r.exitCode()).as(r.toString()).isZero();
            }
            add("--secret-card: card open + VERIFY PIN + secret read (the part after the PIN)", "pcscd + vpcd", cardPart,
                    sum(cardPart));
            add("list-keys ES256 --secret-card in process: PIN file → device's answer", "pcscd + vpcd, HTTPS to embedded device",
                    whole, sum(whole));
        } finally {
            device.close();
        }
    }

    private static long sum(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).sum();
    }

    private void add(String what, String transport, List<Long> nanos, long elapsed) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        double median = s.get(s.size() / 2) / 1e6;
        double p90 = s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.9) - 1)) / 1e6;
        rows.add(new Row(what, transport, s.size(), s.size() / (elapsed / 1e9), median, p90));
        System.out.printf(Locale.ROOT, "%s | %s: %d, %.1f/s, median %.2f ms%n", what, transport, s.size(),
                s.size() / (elapsed / 1e9), median);
    }

    /** The emulator in process, for the floor. */
    private static final class InProcess implements CardConnection {
        private final CardEmulator card;

        InProcess(CardEmulator card) {
            this.card = card;
        }

        @Override
        public byte[] transmit(byte[] command) {
            return card.transmit(command);
        }

        @Override
        public String description() {
            return "in process";
        }

        @Override
        public void close() {
            card.reset();
        }
    }
}
