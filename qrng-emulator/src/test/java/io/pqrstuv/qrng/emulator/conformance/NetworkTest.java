package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.emulator.TcpPort;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network transports: the serial stream over TCP, and tcpudp (notes §3.2). */
class NetworkTest {
    @TempDir
    Path dir;

    @Test
    void tcpCarriesTheSerialStream() throws Exception {
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir).rate(EmulatorRate.unlimited()).build()) {
            int port = emu.serveTcp(0);
            try (TcpPort host = new TcpPort(port)) {
                assertThat(host.command(new byte[] {0x01}, 6)).startsWith(0x11, 0x01);
                byte[] r = host.command(new byte[] {0x04, 0x01, 0x00, 0x04}, 6 + 1024);
                assertThat(r[0]).isEqualTo((byte) 0x11);
                host.write(new byte[] {0x04, 0x00, 0x00, 0x00});
                assertThat(host.readExactly(6, 3000)[0]).isEqualTo((byte) 0x11);
                host.readExactly(100_000, 5000);
                byte[] tail = host.stopAndDrain();
                assertThat(tail[tail.length - 6]).isEqualTo((byte) 0x11);
                assertThat(host.command(new byte[] {0x01}, 6)[0]).isEqualTo((byte) 0x11);
            }
            // a second host replaces the first
            try (TcpPort host = new TcpPort(port)) {
                assertThat(host.command(new byte[] {0x0B}, 57)[0]).isEqualTo((byte) 0x1B);
            }
        }
    }

    @Test
    void tcpudpSendsRepliesOnTcpAndDataAsDatagrams() throws Exception {
        try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir).rate(EmulatorRate.unlimited()).build();
             DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            int port = emu.serveTcpUdp(0, udpPort);
            udp.socket().setSoTimeout(3000);
            try (TcpPort host = new TcpPort(port)) {
                byte[] ack = host.command(new byte[] {0x04, 0x01, 0x10, 0x27}, 6); // one-shot of 10,000
                assertThat(ack[0]).isEqualTo((byte) 0x11);
                byte[] data = receive(udp, 10_000, Duration.ofSeconds(5));
                assertThat(data).hasSize(10_000);
                assertThat(host.readUntilSilence(200, 100)).as("no data on TCP").isEmpty();

                host.write(new byte[] {0x04, 0x00, 0x00, 0x00});
                assertThat(host.readExactly(6, 3000)[0]).isEqualTo((byte) 0x11);
                receive(udp, 50_000, Duration.ofSeconds(5));
                host.write(new byte[] {0x01});
                assertThat(host.readExactly(1, 3000)).as("NACK on TCP during the stream").containsExactly(0x12);
                byte[] stop = host.stopAndDrain();
                assertThat(stop).hasSize(6);
                assertThat(stop[0]).isEqualTo((byte) 0x11);
            }
        }
    }

    private static byte[] receive(DatagramChannel udp, int n, Duration timeout) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(65_536);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("received " + out.size() + " of " + n + " bytes");
            }
            b.clear();
            java.net.DatagramPacket p = new java.net.DatagramPacket(b.array(), b.capacity());
            try {
                udp.socket().receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            assertThat(p.getLength()).isLessThanOrEqualTo(1472);
            out.write(p.getData(), 0, p.getLength());
        }
        return out.toByteArray();
    }
}
