package io.pqrstuv.cryptnox.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.transport.RemoteLink;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import io.pqrstuv.cryptnox.transport.CardConnection;
import io.pqrstuv.cryptnox.transport.RemoteConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle over the remote socket mode: the emulator listens, the library connects (each
 * connection a new card session). And the other direction: the library listens, the emulator's
 * {@code --remote} link connects to it.
 */
class RemoteLifecycleTest extends CardLifecycleContract {
    @TempDir
    Path dir;
    CardEmulator emulator;
    RemoteServer server;

    @BeforeEach
    void start() throws Exception {
        emulator = CardEmulator.open(dir.resolve("card.state"), io.pqrstuv.cryptnox.emulator.CardType.BASIC_G1);
        server = emulator.listenRemote(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
        emulator.close();
    }

    @Override
    CardConnection connect() throws Exception {
        return RemoteConnection.connect("127.0.0.1", server.port(), Duration.ofSeconds(30));
    }

    @Override
    void powerCycle() {
        emulator.powerCycle();
    }

    @Test
    void theLibraryCanAlsoWaitForTheCardServer() throws Exception {
        try (ServerSocket listen = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RemoteLink link = emulator.connectRemote("127.0.0.1", listen.getLocalPort());
                CryptnoxCard card = CardFactory.open(RemoteConnection.accept(listen, Duration.ofSeconds(30)))) {
            card.init("Remote", "", PIN, PUK, null);
            card.verifyPin(PIN);
            card.loadSeed(TV1_SEED, PIN);
            card.verifyPin(PIN);
            assertThat(HEX.formatHex(card.publicKey(KeyType.K1).compressed())).isEqualTo(K1.get(0));
            card.reset(PUK);
        }
    }
}
