package io.pqrstuv.cryptnox.emulator.transport;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.logging.Logger;

/** One remote-mode connection: a power cycle at the start, APDUs until {@code !Close} or end of stream. */
final class RemoteSession {
    private static final Logger LOG = Logger.getLogger(RemoteSession.class.getName());

    private RemoteSession() {
    }

    static void serve(CardEmulator card, Socket socket, String peer) throws IOException {
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        card.powerCycle();
        try {
            while (true) {
                byte[] body;
                try {
                    body = RemoteFraming.readBody(in);
                } catch (RemoteFraming.ProtocolException e) {
                    LOG.warning("remote " + peer + ": " + e.getMessage() + "; closing the connection");
                    return;
                }
                if (body == null) {
                    return;
                }
                if (RemoteFraming.isClose(body)) {
                    LOG.info("remote " + peer + ": !Close");
                    return;
                }
                byte[] apdu;
                try {
                    apdu = RemoteFraming.parseCommand(body);
                } catch (RemoteFraming.ProtocolException e) {
                    LOG.warning("remote " + peer + ": " + e.getMessage() + "; closing the connection");
                    return;
                }
                // header and body in one write: the library reads each with a single recv()
                out.write(RemoteFraming.frameResponse(card.transmit(apdu)));
                out.flush();
            }
        } finally {
            try {
                card.powerOff();
            } catch (IllegalStateException ignored) {
                // the card was closed
            }
        }
    }
}
