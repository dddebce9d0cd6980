package io.pqrstuv.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.testkit.io.TimedReads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpLinkTest {

    private static CompletableFuture<TcpLink> acceptAsync(ServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return TcpLink.acceptOne(server);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void connectAndAcceptCarryBytesBothWays() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = server.getLocalPort();
        CompletableFuture<TcpLink> accepted = acceptAsync(server);
        try (TcpLink client = TcpLink.connect("127.0.0.1", port); TcpLink srv = accepted.get(5, TimeUnit.SECONDS)) {
            byte[] data = new byte[60_000];
            new Random(7).nextBytes(data);
            client.write(data);
            assertThat(TimedReads.readFully(srv::read, data.length, Duration.ofSeconds(5))).isEqualTo(data);
            srv.write(new byte[] {0, (byte) 0xFF});
            assertThat(TimedReads.readFully(client::read, 2, Duration.ofSeconds(5))).containsExactly(0, 0xFF);
            assertThat(client.describe()).isEqualTo("tcp:127.0.0.1:" + port);
            assertThat(srv.describe()).startsWith("tcp-accepted:");
            // Exactly one connection: the listening socket is gone once it has been accepted.
            assertThat(server.isClosed()).isTrue();
        }
    }

    @Test
    void timeoutsReturnZeroAndPeerCloseReturnsMinusOne() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<TcpLink> accepted = acceptAsync(server);
        TcpLink client = TcpLink.connect("127.0.0.1", server.getLocalPort());
        try (TcpLink srv = accepted.get(5, TimeUnit.SECONDS)) {
            byte[] buf = new byte[8];
            long t0 = System.nanoTime();
            assertThat(srv.read(buf, 0, 8, Duration.ofMillis(100))).isZero();
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(90_000_000L);
            assertThat(srv.read(buf, 0, 8, Duration.ZERO)).isZero();
            client.write(new byte[] {4});
            client.close();
            assertThat(TimedReads.readFully(srv::read, 1, Duration.ofSeconds(2))).containsExactly(4);
            assertThat(srv.read(buf, 0, 8, Duration.ofSeconds(2))).isEqualTo(-1);
            assertThat(client.read(buf, 0, 8, Duration.ofMillis(10))).isEqualTo(-1);
            assertThatThrownBy(() -> client.write(new byte[] {1})).isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void linksOpenSupportsTcpListenAndTcp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<Link> listening = CompletableFuture.supplyAsync(() -> {
            try {
                return Links.open("tcp-listen:127.0.0.1:" + port);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Link client = null;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (client == null) {
            try {
                client = Links.open("tcp:127.0.0.1:" + port);
            } catch (IOException refusedUntilListening) {
                if (System.nanoTime() > deadline) {
                    throw refusedUntilListening;
                }
                Thread.sleep(20);
            }
        }
        try (Link c = client; Link s = listening.get(5, TimeUnit.SECONDS)) {
            c.write(new byte[] {1, 2});
            assertThat(TimedReads.readFully(s::read, 2, Duration.ofSeconds(2))).containsExactly(1, 2);
        }
    }

    @Test
    void refusedConnectionIsAClearError() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThatThrownBy(() -> Links.open("tcp:127.0.0.1:" + port)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect TCP link to 127.0.0.1:" + port);
    }

    @Test
    void busyListenPortIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Links.open("tcp-listen:127.0.0.1:" + taken.getLocalPort()))
                    .isInstanceOf(IOException.class).hasMessageContaining("cannot listen for the TCP link");
        }
    }
}
