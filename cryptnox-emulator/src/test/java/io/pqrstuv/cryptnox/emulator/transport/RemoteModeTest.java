package io.pqrstuv.cryptnox.emulator.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.RemoteClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remote socket mode (notes §1.2): framing, !Close, bad frames, both directions of connection. */
class RemoteModeTest {
    private CardEmulator card;

    @BeforeEach
    void card() {
        card = CardEmulator.inMemory(CardType.BASIC_G1);
    }

    @AfterEach
    void close() {
        card.close();
    }

    @Test
    void responseIsOneFrameInThePythonJsonShape() throws Exception {
        RemoteServer server = card.listenRemote(0);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(RemoteClient.frame("[0, 164, 4, 0, 7, 160, 0, 0, 16, 0, 1, 18]".getBytes(StandardCharsets.UTF_8)));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] header = in.readNBytes(64);
            String h = new String(header, StandardCharsets.US_ASCII);
            int len = Integer.parseInt(h.strip());
            assertThat(h).matches("\\d+ +");
            String body = new String(in.readNBytes(len), StandardCharsets.US_ASCII);
            assertThat(body).matches("\\[\\[66, 1, 6, 1, 0, 16, 0, 0(, 0){16}\\], 144, 0\\]");
        }
    }

    @Test
    void closeEndsTheSessionAndANewConnectionIsAPowerCycle() throws Exception {
        RemoteServer server = card.listenRemote(0);
        try (RemoteClient c = new RemoteClient(new Socket(InetAddress.getLoopbackAddress(), server.port()))) {
            HostCard h = new HostCard(c);
            h.connect();
            assertThat(h.init("", "", "1234", "ABCDEFGHIJKL", HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.verifyPin("1111").sw()).isEqualTo(0x63C2);
            c.sendClose();
            assertThat(c.transmitExpectingClose()).isTrue();
        }
        try (RemoteClient c = new RemoteClient(new Socket(InetAddress.getLoopbackAddress(), server.port()))) {
            HostCard h = new HostCard(c);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            // 5 tries left in all, but a fresh power cycle allows 3
            assertThat(h.secure(0x20, 0, 0, new byte[0]).data()).containsExactly(3);
        }
    }

    @Test
    void malformedFramesCloseTheConnectionAndTheServerGoesOn() throws Exception {
        RemoteServer server = card.listenRemote(0);
        for (byte[] bad : new byte[][] {
            RemoteClient.frame("[0, 164, 4, 999]".getBytes(StandardCharsets.US_ASCII)),
            RemoteClient.frame("{\"apdu\": [0]}".getBytes(StandardCharsets.US_ASCII)),
            RemoteClient.frame(new byte[] {(byte) 0x80, 0x04, (byte) 0x95}),
            "not a length header at all, just some text that is long enough!!".getBytes(StandardCharsets.US_ASCII),
        }) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(bad);
                s.getOutputStream().flush();
                assertThat(s.getInputStream().read()).as("closed without a reply").isEqualTo(-1);
            }
        }
        // an APDU too short for a header is answered by the card itself
        try (RemoteClient c = new RemoteClient(new Socket(InetAddress.getLoopbackAddress(), server.port()))) {
            assertThat(HexFormat.of().formatHex(c.transmit(new byte[] {0, (byte) 0xA4}))).isEqualTo("6700");
            assertThat(new HostCard(c).select().sw()).isEqualTo(0x9000);
        }
    }

    @Test
    void connectingOutServesAListeningHostAndRedials() throws Exception {
        try (ServerSocket host = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RemoteLink link = card.connectRemote("127.0.0.1", host.getLocalPort());
            try (RemoteClient c = new RemoteClient(host.accept())) {
                assertThat(new HostCard(c).select().sw()).isEqualTo(0x9000);
            }
            // the host closed: the card dials again
            try (RemoteClient c = new RemoteClient(host.accept())) {
                assertThat(link.awaitConnections(2, Duration.ofSeconds(10))).isTrue();
                assertThat(new HostCard(c).select().sw()).isEqualTo(0x9000);
                c.sendClose();
            }
            link.close();
            assertThat(link.connected()).isFalse();
        }
    }

    @Test
    void codecRejectsWhatTheLibraryNeverSends() throws Exception {
        for (String bad : new String[] {"[1, 2,]", "[1.5]", "[-1]", "[256]", "[1] [2]", "[[1]]", "\"x\"", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> RemoteFraming.parseCommand(bad.getBytes(StandardCharsets.US_ASCII)))
                    .as(bad).isInstanceOf(RemoteFraming.ProtocolException.class);
        }
        assertThat(HexFormat.of().formatHex(RemoteFraming.parseCommand("[0,164 ,4, 0]".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("00a40400");
        byte[] framed = RemoteFraming.frameResponse(new byte[] {(byte) 0x90, 0});
        assertThat(new String(framed, StandardCharsets.US_ASCII)).isEqualTo(String.format("%-64s", "12") + "[[], 144, 0]");
    }

}
