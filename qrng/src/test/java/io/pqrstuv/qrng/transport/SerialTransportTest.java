package io.pqrstuv.qrng.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.qrng.QccDevice;
import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.error.QccDisconnectedException;
import io.pqrstuv.qrng.error.QccTimeoutException;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jSerialComm on real ptys (socat): settings, every byte value, deadlines, hang-up, bad paths. */
class SerialTransportTest {

    @Test
    void portIsRaw1MbaudAndPassesEveryByteValue() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); SerialTransport host = SerialTransport.open(pty.a());
                SerialTransport dev = SerialTransport.open(pty.b())) {
            String stty = new String(new ProcessBuilder("stty", "-a", "-F", pty.a().toRealPath().toString())
                    .redirectErrorStream(true).start().getInputStream().readAllBytes());
            assertThat(stty).contains("speed 1000000 baud").contains("-parenb", "-cstopb", "cs8", "-crtscts", "-ixon",
                    "-icanon", "-echo", "-opost");
            assertThat(host.describe()).startsWith("serial:" + pty.a()).endsWith("@1000000-8N1");
            byte[] all = new byte[256 * 8];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            host.write(all);
            byte[] got = new byte[all.length];
            int done = 0;
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (done < got.length) {
                int n = dev.read(got, done, got.length - done, deadline);
                assertThat(n).as("bytes before the deadline").isPositive();
                done += n;
            }
            assertThat(got).isEqualTo(all);
        }
    }

    @Test
    void readDeadlinesAreKeptToAFewMilliseconds() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); SerialTransport host = SerialTransport.open(pty.a())) {
            // Kernel waits of 100 ms (VTIME) and polling for the rest: never early, and late only by
            // scheduling (10 % + 20 ms of margin, for a loaded machine).
            for (long ms : new long[] {50, 250, 420}) {
                long t0 = System.nanoTime();
                int n = host.read(new byte[16], 0, 16, t0 + ms * 1_000_000);
                long took = (System.nanoTime() - t0) / 1_000_000;
                assertThat(n).isZero();
                assertThat(took).as("read with a %d ms deadline", ms).isBetween(ms, ms + ms / 10 + 20);
            }
        }
    }

    @Test
    void discardDropsWhatHasArrived() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); SerialTransport host = SerialTransport.open(pty.a());
                SerialTransport dev = SerialTransport.open(pty.b())) {
            byte[] junk = new byte[3000];
            ThreadLocalRandom.current().nextBytes(junk);
            dev.write(junk);
            Thread.sleep(200);
            assertThat(host.discardInput()).isEqualTo(3000);
            assertThat(host.read(new byte[1], 0, 1, System.nanoTime() + 50_000_000)).isZero();
        }
    }

    @Test
    void hangUpIsDisconnected() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); SerialTransport host = SerialTransport.open(pty.a())) {
            pty.close(); // kills socat: both ttys hang up
            assertThatThrownBy(() -> {
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < deadline) {
                    host.read(new byte[1], 0, 1, System.nanoTime() + 200_000_000);
                }
            }).isInstanceOf(QccDisconnectedException.class);
        }
    }

    @Test
    void badPathsGiveClearErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SerialTransport.open(dir.resolve("ttyUSB9"))).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> SerialTransport.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a character device");
        assertThatThrownBy(() -> SerialTransport.open(Path.of("/dev/null"))).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot open serial device /dev/null");
    }

    @Test
    void deviceOverAPtyTimesOutOnASilentPeer() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); SerialTransport peer = SerialTransport.open(pty.b());
                QccDevice dev = QccDevice.openSerial(pty.a(), QccOptions.defaults().withStopOnOpen(false)
                        .withResponseTimeout(Duration.ofMillis(500)))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(dev::info).isInstanceOf(QccTimeoutException.class);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // the configured 500 ms, not the 2 s default; the upper margin absorbs a loaded machine's scheduling
            assertThat(ms).isBetween(500L, 1_500L);
            byte[] cmd = new byte[1];
            assertThat(peer.read(cmd, 0, 1, System.nanoTime() + 1_000_000_000L)).isEqualTo(1);
            assertThat(cmd[0]).isEqualTo((byte) 0x0B);
        }
    }
}
