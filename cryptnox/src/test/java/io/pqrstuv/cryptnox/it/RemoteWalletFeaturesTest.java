package io.pqrstuv.cryptnox.it;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.Firmware;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import io.pqrstuv.cryptnox.transport.CardConnection;
import io.pqrstuv.cryptnox.transport.RemoteConnection;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The wallet features over the remote socket mode: two card servers, one connection per session. */
class RemoteWalletFeaturesTest extends WalletFeaturesContract {
    CardEmulator first;
    CardEmulator second;
    RemoteServer firstServer;
    RemoteServer secondServer;

    @BeforeEach
    void start() throws Exception {
        first = CardEmulator.builder().firmware(Firmware.V2_0_0).build();
        second = CardEmulator.builder().firmware(Firmware.V2_0_0).build();
        firstServer = first.listenRemote(InetAddress.getLoopbackAddress(), 0);
        secondServer = second.listenRemote(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    @Override
    CardConnection connect() throws Exception {
        return RemoteConnection.connect("127.0.0.1", firstServer.port(), Duration.ofSeconds(30));
    }

    @Override
    CardConnection connectSecond() throws Exception {
        return RemoteConnection.connect("127.0.0.1", secondServer.port(), Duration.ofSeconds(30));
    }
}
