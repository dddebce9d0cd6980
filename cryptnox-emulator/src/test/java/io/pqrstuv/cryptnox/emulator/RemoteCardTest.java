package io.pqrstuv.cryptnox.emulator;

import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.RemoteClient;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The card-level contract over the remote socket mode (the emulator listens; each connection is a power cycle). */
class RemoteCardTest extends CardContract {
    private CardEmulator card;
    private RemoteServer server;
    private RemoteClient client;

    @BeforeEach
    void start() throws Exception {
        card = CardEmulator.inMemory(CardType.BASIC_G1);
        server = card.listenRemote(0);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        card.close();
    }

    @Override
    protected HostCard connect() throws Exception {
        if (client != null) {
            client.sendClose();
            client.close();
        }
        client = new RemoteClient(new Socket(InetAddress.getLoopbackAddress(), server.port()));
        HostCard h = new HostCard(client);
        h.connect();
        return h;
    }
}
