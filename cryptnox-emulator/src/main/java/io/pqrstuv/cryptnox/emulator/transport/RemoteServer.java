package io.pqrstuv.cryptnox.emulator.transport;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.logging.Logger;

/**
 * Remote mode, listening: what the official CLI's {@code --port N} and any client that opens a
 * socket to a card server expect. One client at a time, like a card in one reader: a second
 * connection waits in the backlog until the first ends. Each connection is a power cycle.
 */
public final class RemoteServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RemoteServer.class.getName());

    private final CardEmulator card;
    private final ServerSocket server;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Socket current;

    private RemoteServer(CardEmulator card, ServerSocket server) {
        this.card = card;
        this.server = server;
        this.thread = Thread.ofPlatform().daemon().name("remote-server-" + server.getLocalPort()).unstarted(this::run);
    }

    public static RemoteServer start(CardEmulator card, InetAddress address, int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(address, port), 8);
        RemoteServer s = new RemoteServer(card, ss);
        s.thread.start();
        return s;
    }

    /** The bound port (useful after binding port 0). */
    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void run() {
        while (!closed) {
            try (Socket s = server.accept()) {
                current = s;
                String peer = s.getInetAddress().getHostAddress() + ":" + s.getPort();
                LOG.info("remote client " + peer + " connected (card inserted)");
                try {
                    RemoteSession.serve(card, s, peer);
                } catch (IOException e) {
                    if (!closed) {
                        LOG.info("remote client " + peer + ": " + e.getMessage());
                    }
                }
                if (!closed) {
                    LOG.info("remote client " + peer + " disconnected (card removed)");
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warning("remote server: " + e.getMessage());
                }
            } catch (IllegalStateException e) {
                break;
            } finally {
                current = null;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        Socket s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
