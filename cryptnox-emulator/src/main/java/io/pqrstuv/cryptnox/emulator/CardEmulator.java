package io.pqrstuv.cryptnox.emulator;

import io.pqrstuv.cryptnox.emulator.applet.CryptnoxApplet;
import io.pqrstuv.cryptnox.emulator.state.FileStateStore;
import io.pqrstuv.cryptnox.emulator.state.MemoryStateStore;
import io.pqrstuv.cryptnox.emulator.state.StateStore;
import io.pqrstuv.cryptnox.emulator.transport.RemoteLink;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import io.pqrstuv.cryptnox.emulator.transport.VpcdLink;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An emulated Cryptnox card: the card core (APDU in, response out; power on, off, reset) with its
 * state, and the front-ends that put it in a reader. Thread-safe: transports share one card and
 * each APDU runs alone, as in a real reader.
 *
 * <pre>{@code
 * try (CardEmulator card = CardEmulator.open(stateFile, CardType.BASIC_G1)) {  // blank if new
 *     byte[] rapdu = card.transmit(capdu);
 *     VpcdLink link = card.attachVpcd("127.0.0.1", vpcdPort);   // a card in pcscd's vpcd reader
 * }
 * }</pre>
 */
public final class CardEmulator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CardEmulator.class.getName());

    private final CryptnoxApplet applet;
    private final String stateDescription;
    private final List<AutoCloseable> links = new ArrayList<>();
    private boolean powered;
    private boolean closed;

    private CardEmulator(CryptnoxApplet applet, String stateDescription) {
        this.applet = applet;
        this.stateDescription = stateDescription;
        this.powered = true;
        applet.powerReset();
    }

    /**
     * Opens the card kept in {@code stateFile}, or makes a blank card of {@code type} there when the
     * file does not exist. The file is locked while the card is open.
     *
     * @throws IOException if the file cannot be read, written or locked
     * @throws IllegalArgumentException if the file holds another card type, or no valid state
     */
    public static CardEmulator open(Path stateFile, CardType type) throws IOException {
        return builder().stateFile(stateFile).type(type).build();
    }

    /** Opens the card kept in {@code stateFile} whatever its type (a new file makes a Basic G1 card). */
    public static CardEmulator open(Path stateFile) throws IOException {
        return builder().stateFile(stateFile).build();
    }

    /** A blank card that lives in memory only. */
    public static CardEmulator inMemory(CardType type) {
        try {
            return builder().type(type).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for tests and tools: where the state lives, the card type, the randomness. */
    public static final class Builder {
        private Path stateFile;
        private CardType type;
        private Firmware firmware;
        private SecureRandom random;
        private SecureRandom signingRandom;

        private Builder() {
        }

        /** The state file (default: memory only). */
        public Builder stateFile(Path file) {
            this.stateFile = file;
            return this;
        }

        /** The card type (default: the stored one; Basic G1 for a new card). */
        public Builder type(CardType type) {
            this.type = type;
            return this;
        }

        /** The firmware of a new card (default: the stored one; 1.6.1 for a new card). */
        public Builder firmware(Firmware firmware) {
            this.firmware = firmware;
            return this;
        }

        /**
         * The card's RNG (session keys, salts, challenges, seeds, random numbers, and a new card's
         * identity). Tests script it to replay the worked examples of the notes.
         */
        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** The source of ECDSA nonces (default: its own {@link SecureRandom}). */
        public Builder signingRandom(SecureRandom random) {
            this.signingRandom = random;
            return this;
        }

        public CardEmulator build() throws IOException {
            StateStore store = stateFile == null ? new MemoryStateStore() : FileStateStore.open(stateFile);
            try {
                CryptnoxApplet applet = CryptnoxApplet.load(store, type, firmware,
                        random != null ? random : new SecureRandom(),
                        signingRandom != null ? signingRandom : new SecureRandom());
                return new CardEmulator(applet, store.describe());
            } catch (IOException | RuntimeException e) {
                store.close();
                throw e;
            }
        }
    }

    /** Sends one command APDU to the card; a card that is off is powered on first. */
    public synchronized byte[] transmit(byte[] commandApdu) {
        ensureOpen();
        if (!powered) {
            powerOn();
        }
        byte[] r = applet.process(commandApdu);
        if (LOG.isLoggable(Level.FINE)) {
            // headers and lengths only: data may hold a PIN or a seed
            LOG.fine(String.format("APDU %s (%d bytes) -> %d bytes, SW %02X%02X",
                    commandApdu.length >= 4 ? HexFormat.of().formatHex(commandApdu, 0, 4) : "short",
                    commandApdu.length, r.length - 2, r[r.length - 2], r[r.length - 1]));
        }
        return r;
    }

    /** Power on: the transient memory starts clear. */
    public synchronized void powerOn() {
        ensureOpen();
        applet.powerReset();
        powered = true;
    }

    /** Power off: sessions and per-power-cycle counters are lost. */
    public synchronized void powerOff() {
        ensureOpen();
        applet.powerReset();
        powered = false;
    }

    /** Warm reset: like a power cycle for the applet. */
    public synchronized void reset() {
        ensureOpen();
        applet.powerReset();
        powered = true;
    }

    /** Power off then on. */
    public synchronized void powerCycle() {
        powerOff();
        powerOn();
    }

    public synchronized boolean powered() {
        return powered;
    }

    /** The answer to reset (offers T=1). */
    public byte[] atr() {
        return Atr.bytes();
    }

    public CardType type() {
        return applet.type();
    }

    public Firmware firmware() {
        return applet.firmware();
    }

    /** The card serial number, 8 bytes (the manufacturer certificate's serial). */
    public byte[] serial() {
        return applet.serial();
    }

    /** The manufacturer certificate (DER), issued by the emulator CA. */
    public byte[] manufacturerCertificate() {
        return applet.manufacturerCertificate();
    }

    /** Where the state lives: the file path, or "memory". */
    public String stateDescription() {
        return stateDescription;
    }

    /**
     * Puts the card in a vpcd reader: connects to vpcd's port (pcscd's virtual reader driver) and
     * keeps reconnecting, e.g. across pcscd restarts, until the link is closed.
     */
    public VpcdLink attachVpcd(String host, int port) {
        VpcdLink link = VpcdLink.start(this, host, port);
        register(link);
        return link;
    }

    /** Serves the card to a host that listens for the remote socket mode (connects out, reconnects). */
    public RemoteLink connectRemote(String host, int port) {
        RemoteLink link = RemoteLink.start(this, host, port);
        register(link);
        return link;
    }

    /** Serves the card on a TCP port for remote-mode clients (one at a time; each connection is a power cycle). */
    public RemoteServer listenRemote(int port) throws IOException {
        return listenRemote(InetAddress.getLoopbackAddress(), port);
    }

    public RemoteServer listenRemote(InetAddress address, int port) throws IOException {
        RemoteServer s = RemoteServer.start(this, address, port);
        register(s);
        return s;
    }

    private synchronized void register(AutoCloseable link) {
        ensureOpen();
        links.add(link);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the card emulator is closed");
        }
    }

    /** Stops every front-end, wipes the card's secrets from memory and releases the state file. */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            toClose = new ArrayList<>(links);
            links.clear();
        }
        for (AutoCloseable l : toClose) {
            try {
                l.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing a front-end", e);
            }
        }
        synchronized (this) {
            closed = true;
            applet.close();
        }
    }

    @Override
    public String toString() {
        return "CardEmulator[" + applet.type() + ", firmware " + applet.firmware() + ", serial " + HexFormat.of().formatHex(applet.serial()) + ", state "
                + stateDescription + "]";
    }
}
