package io.pqrstuv.cryptnox.emulator.transport;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.net.ExtendedSocketOptions;

/**
 * The card in a vsmartcard {@code vpcd} reader (notes §6.2): a "virtual ICC" that connects to the
 * port vpcd listens on inside pcscd. Both directions are frames of a 2-byte big-endian length and
 * a payload. From vpcd, a 1-byte payload is a control byte — 00 power off, 01 power on, 02 reset,
 * 04 get ATR (the only one answered) — and anything longer is a command APDU, answered with the
 * response APDU. Connecting inserts the card; a closed connection removes it.
 *
 * <p>pcscd (and with it vpcd's port) comes and goes — Debian's socket-activated unit even exits
 * when idle — so the link reconnects in a loop until it is closed, every 0.2 s at first and then
 * every second, logging only the changes.
 */
public final class VpcdLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(VpcdLink.class.getName());
    private static final long MIN_RETRY_MS = 200;
    private static final long MAX_RETRY_MS = 1000;

    private final CardEmulator card;
    private final InetSocketAddress address;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Socket socket;
    private int connections;
    private boolean connected;

    private VpcdLink(CardEmulator card, String host, int port) {
        this.card = card;
        this.address = new InetSocketAddress(host, port);
        this.thread = Thread.ofPlatform().daemon().name("vpcd-" + host + ":" + port).unstarted(this::run);
    }

    public static VpcdLink start(CardEmulator card, String host, int port) {
        VpcdLink link = new VpcdLink(card, host, port);
        link.thread.start();
        return link;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Whether the card is in the reader now (connected to vpcd). */
    public synchronized boolean connected() {
        return connected;
    }

    /** How many times the link has connected so far (a reconnect after a pcscd restart adds one). */
    public synchronized int connections() {
        return connections;
    }

    /** Waits until the link has connected at least {@code count} times in all. */
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
        long retry = MIN_RETRY_MS;
        boolean reportedFailure = false;
        while (!closed) {
            Socket s = new Socket();
            try {
                s.connect(address, 2000);
                s.setTcpNoDelay(true);
                socket = s;
                if (closed) {
                    break;
                }
                synchronized (this) {
                    connections++;
                    connected = true;
                    notifyAll();
                }
                LOG.info("vpcd " + address.getHostString() + ":" + address.getPort() + ": connected (card inserted)");
                reportedFailure = false;
                retry = MIN_RETRY_MS;
                serve(s);
            } catch (IOException e) {
                if (!closed && !reportedFailure) {
                    LOG.info("vpcd " + address.getHostString() + ":" + address.getPort() + ": " + describe(e)
                            + "; retrying until pcscd's vpcd reader is there");
                    reportedFailure = true;
                }
            } catch (IllegalStateException e) {
                // the card was closed under us
                break;
            } finally {
                boolean was;
                synchronized (this) {
                    was = connected;
                    connected = false;
                    notifyAll();
                }
                closeQuietly(s);
                if (was) {
                    try {
                        card.powerOff();
                    } catch (IllegalStateException ignored) {
                        // closed
                    }
                    if (!closed) {
                        LOG.info("vpcd " + address.getHostString() + ":" + address.getPort()
                                + ": disconnected (card removed); reconnecting");
                    }
                }
            }
            if (!closed) {
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException e) {
                    break;
                }
                retry = Math.min(MAX_RETRY_MS, retry * 2);
            }
        }
    }

    private void serve(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
        OutputStream out = s.getOutputStream();
        boolean quickAck = s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        while (!closed) {
            if (quickAck) {
                // vpcd writes the 2-byte length and the payload with two send() calls on a socket
                // with Nagle's algorithm on: the payload waits for the ACK of the length, and Linux
                // delays that ACK by up to 40 ms. Quick ACKs (re-armed before every read, since the
                // kernel clears the flag) take an APDU round trip from ~50 ms to well under 1 ms.
                s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
            int len;
            try {
                len = in.readUnsignedShort();
            } catch (EOFException e) {
                return;
            }
            byte[] msg = in.readNBytes(len);
            if (msg.length != len) {
                return;
            }
            if (len == 1) {
                switch (msg[0]) {
                    case 0x00 -> card.powerOff();
                    case 0x01 -> card.powerOn();
                    case 0x02 -> card.reset();
                    case 0x04 -> write(out, card.atr());
                    default -> LOG.warning("vpcd: unknown control byte " + (msg[0] & 0xFF) + " ignored");
                }
            } else if (len > 1) {
                write(out, card.transmit(msg));
            }
        }
    }

    private static void write(OutputStream out, byte[] payload) throws IOException {
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) (payload.length >> 8);
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        out.write(frame);
        out.flush();
    }

    private static String describe(IOException e) {
        return e instanceof SocketException && e.getMessage() != null ? e.getMessage().toLowerCase() : e.toString();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Removes the card from the reader and stops reconnecting. */
    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, "vpcd link thread did not stop");
        }
    }
}
