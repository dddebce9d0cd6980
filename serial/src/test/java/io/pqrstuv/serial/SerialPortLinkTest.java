package io.pqrstuv.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.testkit.io.TimedReads;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialPortLinkTest {
    private SocatPtyPair ptys;

    @BeforeEach
    void startPtys() throws IOException {
        ptys = SocatPtyPair.start();
    }

    @AfterEach
    void stopPtys() {
        ptys.close();
    }

    @Test
    void everyByteValuePassesBothWaysUnchanged() throws Exception {
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i; // includes NUL, XON/XOFF, CR/LF, ^C, ^D, 0x7F, 0xFF
        }
        try (Link a = SerialPortLink.open(ptys.a()); Link b = SerialPortLink.open(ptys.b())) {
            a.write(all);
            assertThat(TimedReads.readFully(b::read, all.length, Duration.ofSeconds(5))).isEqualTo(all);
            b.write(all);
            assertThat(TimedReads.readFully(a::read, all.length, Duration.ofSeconds(5))).isEqualTo(all);
        }
    }

    @Test
    void portIsConfiguredRaw9600EightNOne() throws Exception {
        try (Link a = SerialPortLink.open(ptys.a())) {
            Process stty = new ProcessBuilder("stty", "-a", "-F", ptys.a().toRealPath().toString())
                    .redirectErrorStream(true).start();
            String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(stty.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("speed 9600 baud");
            assertThat(out.split("\\s+")).contains("cs8", "-cstopb", "-parenb", "-icanon", "-echo", "-isig",
                    "-ixon", "-ixoff", "-icrnl", "-opost", "-crtscts");
            assertThat(a.describe()).startsWith("serial:" + ptys.a()).endsWith("@9600-8N1").contains("/dev/pts/");
        }
    }

    @Test
    void readTimesOutWithZeroAndPollReturnsAtOnce() throws Exception {
        try (Link a = SerialPortLink.open(ptys.a())) {
            byte[] buf = new byte[16];
            long t0 = System.nanoTime();
            assertThat(a.read(buf, 0, buf.length, Duration.ofMillis(300))).isZero();
            long waited = System.nanoTime() - t0;
            assertThat(waited).isBetween(250_000_000L, 2_000_000_000L);
            t0 = System.nanoTime();
            assertThat(a.read(buf, 0, buf.length, Duration.ZERO)).isZero();
            assertThat(System.nanoTime() - t0).isLessThan(200_000_000L);
            t0 = System.nanoTime();
            assertThat(a.read(buf, 0, buf.length, Duration.ofMillis(40))).isZero();
            assertThat(System.nanoTime() - t0).isBetween(30_000_000L, 1_000_000_000L);
        }
    }

    @Test
    void zeroTimeoutReadReturnsWaitingBytes() throws Exception {
        try (Link a = SerialPortLink.open(ptys.a()); Link b = SerialPortLink.open(ptys.b())) {
            a.write(new byte[] {1, 2, 3});
            byte[] buf = new byte[8];
            long deadline = System.nanoTime() + 2_000_000_000L;
            int n = 0;
            while (n == 0 && System.nanoTime() < deadline) {
                n = b.read(buf, 0, buf.length, Duration.ZERO);
            }
            assertThat(n).isPositive();
        }
    }

    @Test
    void closeUnblocksAReaderWithEndOfStream() throws Exception {
        Link a = SerialPortLink.open(ptys.a());
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                byte[] buf = new byte[16];
                int r;
                do {
                    r = a.read(buf, 0, buf.length, Duration.ofMillis(200));
                } while (r == 0);
                return r;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        a.close();
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(a.read(new byte[4], 0, 4, Duration.ofMillis(10))).isEqualTo(-1);
        assertThatThrownBy(() -> a.write(new byte[] {1})).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void socatGoingAwayEndsTheStream() throws Exception {
        try (Link a = SerialPortLink.open(ptys.a())) {
            ptys.close();
            assertThat(TimedReads.drainToEnd(a::read, Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void missingDeviceIsAClearError() {
        assertThatThrownBy(() -> SerialPortLink.open(Path.of("/dev/pqrstuv-no-such-tty")))
                .isInstanceOf(IOException.class).hasMessageContaining("/dev/pqrstuv-no-such-tty").hasMessageContaining("does not exist");
    }

    @Test
    void danglingSymlinkIsAClearError(@TempDir Path dir) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("tty"), dir.resolve("gone"));
        assertThatThrownBy(() -> SerialPortLink.open(link)).isInstanceOf(IOException.class).hasMessageContaining("does not exist");
    }

    @Test
    void regularFileIsNotASerialPort(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ttyFake"), "x");
        assertThatThrownBy(() -> SerialPortLink.open(file)).isInstanceOf(IOException.class).hasMessageContaining("not a character device");
    }

    @Test
    void characterDeviceThatIsNoTtyFailsToOpen() {
        assertThatThrownBy(() -> SerialPortLink.open(Path.of("/dev/null")))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot open serial device /dev/null");
    }

    @Test
    void nonStandardBaudIsRejected() {
        assertThatThrownBy(() -> SerialPortLink.open(ptys.a(), 1234)).isInstanceOf(IllegalArgumentException.class);
    }
}
