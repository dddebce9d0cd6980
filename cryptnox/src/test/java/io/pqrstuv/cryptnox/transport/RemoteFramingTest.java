package io.pqrstuv.cryptnox.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.error.CardTransportException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteFramingTest {
    static String s(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void commandsAreAHeaderAndAPythonStyleJsonArray() throws Exception {
        byte[] f = RemoteFraming.frameCommand(new byte[] {0, (byte) 164, 4, 0});
        assertThat(f).hasSize(64 + "[0, 164, 4, 0]".length());
        assertThat(s(Arrays.copyOf(f, 64)).strip()).isEqualTo("14");
        assertThat(s(Arrays.copyOfRange(f, 64, f.length))).isEqualTo("[0, 164, 4, 0]");
        assertThat(RemoteFraming.parseCommand("[0, 164, 4, 0]".getBytes())).containsExactly(0, 164, 4, 0);
    }

    @Test
    void repliesRoundTrip() throws Exception {
        byte[] f = RemoteFraming.frameReply(new byte[] {1, (byte) 255}, 0x6A82);
        assertThat(s(Arrays.copyOfRange(f, 64, f.length))).isEqualTo("[[1, 255], 106, 130]");
        assertThat(RemoteFraming.parseReply(Arrays.copyOfRange(f, 64, f.length))).containsExactly(1, 255, 0x6A, 0x82);
        assertThat(RemoteFraming.parseReply("[[],144,0]".getBytes())).containsExactly(0x90, 0);
        assertThat(RemoteFraming.parseReply(" [ [ 7 ] , 144 , 0 ] \n".getBytes())).containsExactly(7, 0x90, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "[[1], 144]", "[[1], 144, 0, 0]", "[[256], 144, 0]", "[[1], 144, -1]",
        "[[1,], 144, 0]", "[[01], 144, 0]", "[[1] 144, 0]", "[[1], 144, 0] x", "[[1.0], 144, 0]", "[[\"1\"], 144, 0]",
        "{\"a\": 1}", "[[1], 144, 1000]", "[[1], 144, 0"})
    void malformedRepliesAreProtocolErrors(String body) {
        assertThatThrownBy(() -> RemoteFraming.parseReply(body.getBytes())).isInstanceOf(CardProtocolException.class);
    }

    @Test
    void malformedHeaders() {
        assertThatThrownBy(() -> RemoteFraming.parseHeader(new byte[63])).isInstanceOf(CardProtocolException.class);
        byte[] h = RemoteFraming.header(5);
        h[0] = 'x';
        assertThatThrownBy(() -> RemoteFraming.parseHeader(h)).isInstanceOf(CardProtocolException.class);
        assertThatThrownBy(() -> RemoteFraming.parseHeader(RemoteFraming.header(RemoteFraming.MAX_BODY + 1)))
                .isInstanceOf(CardProtocolException.class);
        byte[] blank = RemoteFraming.header(0);
        blank[0] = ' ';
        assertThatThrownBy(() -> RemoteFraming.parseHeader(blank)).isInstanceOf(CardProtocolException.class);
    }

    @Test
    void bothConnectionDirectionsExchangeApdusAndSayGoodbye() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // a card server that connects to us (the emulator's --remote mode)
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> cardServer(server.getLocalPort(), true));
            try (RemoteConnection c = RemoteConnection.accept(server, Duration.ofSeconds(20))) {
                assertThat(c.transmit(new byte[] {1, 2, 3})).containsExactly(3, 2, 1, 0x90, 0);
            }
            assertThat(peer.get()).isEqualTo("!Close");
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> serveOne(server));
            try (RemoteConnection c = RemoteConnection.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(20))) {
                assertThat(c.transmit(new byte[] {9})).containsExactly(9, 0x90, 0);
            }
            assertThat(peer.get()).isEqualTo("!Close");
        }
    }

    @Test
    void aPeerThatHangsUpOrBabblesIsATransportError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().readNBytes(64 + 3);
                    s.getOutputStream().write(RemoteFraming.frame("not json".getBytes()));
                    s.getInputStream().read();
                } catch (Exception ignored) {
                    // test peer
                }
            });
            try (RemoteConnection c = RemoteConnection.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(20))) {
                assertThatThrownBy(() -> c.transmit(new byte[] {9})).isInstanceOf(CardTransportException.class)
                        .hasMessageContaining("malformed");
                assertThatThrownBy(() -> c.transmit(new byte[] {9})).isInstanceOf(CardTransportException.class)
                        .hasMessageContaining("closed");
            }
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().readNBytes(10);
                } catch (Exception ignored) {
                    // test peer
                }
            });
            try (RemoteConnection c = RemoteConnection.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(20))) {
                assertThatThrownBy(() -> c.transmit(new byte[] {9})).isInstanceOf(CardTransportException.class);
            }
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().readNBytes(64 + 3);
                    Thread.sleep(3000);
                } catch (Exception ignored) {
                    // test peer
                }
            });
            try (RemoteConnection c = RemoteConnection.connect("127.0.0.1", server.getLocalPort(), Duration.ofMillis(300))) {
                assertThatThrownBy(() -> c.transmit(new byte[] {9})).isInstanceOf(CardTransportException.class)
                        .hasMessageContaining("no answer");
            }
        }
    }

    @Test
    void noServerIsAClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> RemoteConnection.connect("127.0.0.1", port, Duration.ofSeconds(2)))
                .isInstanceOf(CardTransportException.class).hasMessageContaining("cannot reach the card server");
    }

    /** Connects to {@code port}, answers each APDU with its bytes reversed, returns the last message. */
    private static String cardServer(int port, boolean reverse) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return loop(s, reverse);
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String serveOne(ServerSocket server) {
        try (Socket s = server.accept()) {
            return loop(s, false);
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String loop(Socket s, boolean reverse) throws Exception {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (true) {
            int n = RemoteFraming.parseHeader(in.readNBytes(64));
            byte[] body = in.readNBytes(n);
            if (s(body).equals("!Close")) {
                return "!Close";
            }
            byte[] apdu = RemoteFraming.parseCommand(body);
            if (reverse) {
                for (int i = 0; i < apdu.length / 2; i++) {
                    byte t = apdu[i];
                    apdu[i] = apdu[apdu.length - 1 - i];
                    apdu[apdu.length - 1 - i] = t;
                }
            }
            out.write(RemoteFraming.frameReply(apdu, 0x9000));
        }
    }
}
