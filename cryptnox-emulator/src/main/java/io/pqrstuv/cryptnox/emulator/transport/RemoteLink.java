package io.pqrstuv.cryptnox.emulator.transport;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Remote mode, connecting out: the card dials a host that listens (the library's README example:
 * the application accepts a socket and hands it to {@code Connection(..., remote=True)}) and serves
 * APDUs on it. Each connection is a power cycle. When the host closes the connection (or sends
 * {@code !Close}), the link dials again, every 0.2–1 s, until it is closed.
 */
public final class RemoteLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RemoteLink.class.getName());

    private final CardEmulator card;
    private final InetSocketAddress address;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Socket socket;
    private int connections;
    private boolean connected;

    private RemoteLink(CardEmulator card, String host, int port) {
        this.card = card;
        this.address = new InetSocketAddress(host, port);
        this.thread = Thread.ofPlatform().daemon().name("remote-" + host + ":" + port).unstarted(this::run);
    }

    public static RemoteLink start(CardEmulator card, String host, int port) {
        RemoteLink link = new RemoteLink(card, host, port);
        link.thread.start();
        return link;
    }

    public synchronized boolean connected() {
        return connected;
    }

    public synchronized int connections() {
        return connections;
    }

    /** Waits until the link has connected at least {@code count} times in all and is connected. */
    public synchronized boolean awaitConnections(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (connections < count || !connected) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void run() {
        long retry = 200;
        boolean reported = false;
        String peer = address.getHostString() + ":" + address.getPort();
        while (!closed) {
            try (Socket s = new Socket()) {
                s.connect(address, 2000);
                socket = s;
                if (closed) {
                    break;
                }
                synchronized (this) {
                    connections++;
                    connected = true;
                    notifyAll();
                }
                LOG.info("remote " + peer + ": connected (card inserted)");
                reported = false;
                retry = 200;
                RemoteSession.serve(card, s, peer);
            } catch (IOException e) {
                if (!closed && !reported) {
                    LOG.info("remote " + peer + ": " + e.getMessage() + "; retrying");
                    reported = true;
                }
            } catch (IllegalStateException e) {
                break;
            } finally {
                synchronized (this) {
                    if (connected && !closed) {
                        LOG.info("remote " + peer + ": disconnected (card removed)");
                    }
                    connected = false;
                    notifyAll();
                }
            }
            if (!closed) {
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException e) {
                    break;
                }
                retry = Math.min(1000, retry * 2);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
