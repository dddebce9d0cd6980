package io.pqrstuv.qrng.emulator;

import io.pqrstuv.qrng.emulator.attest.DeviceAttestation;
import io.pqrstuv.qrng.emulator.device.Device;
import io.pqrstuv.qrng.emulator.device.Session;
import io.pqrstuv.qrng.emulator.link.PtyLink;
import io.pqrstuv.qrng.emulator.link.TcpLink;
import io.pqrstuv.qrng.emulator.link.TcpUdpLink;
import io.pqrstuv.qrng.emulator.state.Identity;
import io.pqrstuv.qrng.emulator.state.StateStore;
import io.pqrstuv.qrng.emulator.wire.Codes;
import io.pqrstuv.qrng.emulator.wire.CommandTable;
import io.pqrstuv.qrng.emulator.wire.DeviceInfo;
import io.pqrstuv.qrng.emulator.wire.FrameParser;
import io.pqrstuv.runtime.Lifecycle;
import io.pqrstuv.runtime.OwnerOnlyDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A software Crypta Labs QCicada QRNG, faithful on the wire and in timing, served over a pty any
 * serial client can open, over TCP (the serial stream) and over TCP+UDP (pyqcc's tcpudp).
 *
 * <pre>{@code
 * try (QcicadaEmulator emu = QcicadaEmulator.builder().stateDir(dir).rate(EmulatorRate.unlimited()).build()) {
 *     Path tty = emu.servePty(dir.resolve("ttyQCicada"));
 *     ... open tty at 1,000,000 baud ...
 *     emu.faults().healthFailure(HealthTest.REPETITION_COUNT, true);
 * }
 * }</pre>
 *
 * One emulator is one device: links served at once share its state (configuration, pool, statistics,
 * keys). The state directory is its persistent memory; a fresh one is a new device, as shipped.
 */
public final class QcicadaEmulator implements AutoCloseable {
    /** pyqcc's network port (QCC_DEFAULT_PORT), for TCP and for the host's UDP data port. */
    public static final int DEFAULT_PORT = 54_936;

    private final Lifecycle parts = new Lifecycle();
    private final StateStore store;
    private final EmulatorRate rate;
    private final Device device;
    private final Faults faults;
    private final CommandTable table;
    private final long partialTimeoutNanos;
    private final InetAddress bindAddress;
    private final int datagramSize;
    private final long udpPace;
    private final Consumer<String> log;
    private final DeviceAttestation attestation;
    private volatile boolean closed;

    /**
     * Starts the device's parts on a {@link Lifecycle}, in order: a temporary state directory (for a
     * throw-away device), the locked state store, the device, the control-file watcher. Links served
     * later join it; {@link #close()} stops them all in reverse, and a failed start undoes what started.
     */
    private QcicadaEmulator(Builder b) throws IOException {
        this.log = b.log;
        this.rate = b.rate;
        this.table = new CommandTable(b.certificateCommandCode);
        this.partialTimeoutNanos = b.partialCommandTimeout.toNanos();
        this.bindAddress = b.bindAddress;
        this.datagramSize = b.datagramSize;
        this.udpPace = b.udpPace;
        try {
            Path dir = b.stateDir;
            if (dir == null) {
                Path temp = OwnerOnlyDirectory.createTemp("qcicada-emu");
                parts.add(temp, () -> deleteTree(temp)); // stopped last: after the store has released its lock
                dir = temp;
            }
            this.store = parts.add(StateStore.open(dir));
            DeviceInfo info = Identity.loadOrCreate(store, b.serialNumber, b.firmwareVersion);
            this.attestation = DeviceAttestation.loadOrCreate(store, info, b.blank, log);
            Device[] holder = new Device[1];
            this.faults = new Faults(b.faults, s -> {
                if (holder[0] != null) {
                    holder[0].refreshHealth();
                }
            });
            this.device = parts.add(new Device(store, info, rate.generationBytesPerSecond(), faults::deviceState,
                    attestation, faults));
            holder[0] = device;
            parts.add(new ControlFileWatcher(store.path(ControlFile.FILE), b.faults, faults, log));
        } catch (Throwable t) {
            parts.abort(t);
            throw t;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- serving ------------------------------------------------------------------------------

    /**
     * Serves the device on a new pty; {@code link} (may be null) becomes a symlink to its slave.
     * Clients may open and close it any number of times; it serves until {@link #close()}.
     *
     * @return {@code link}, or the slave's path when {@code link} is null
     */
    public Path servePty(Path link) throws IOException {
        checkOpen();
        long pace = rate.pacesLine() ? EmulatorRate.LINE_BYTES_PER_SECOND : 0;
        PtyLink pty = PtyLink.open(link, pace);
        Session session = new Session(device, pty, table, partialTimeoutNanos, log);
        Thread t = Thread.ofPlatform().daemon().name("qcicada-emu-pty").start(session);
        parts.add(session, () -> stopSession(session, t)); // the session closes the pty as it ends
        log.accept("serving " + pty.describe());
        return link != null ? link : pty.slave();
    }

    /** Serves on a pty without a symlink; returns the slave's path. */
    public Path servePty() throws IOException {
        return servePty(null);
    }

    /**
     * Serves the serial byte stream over TCP (one host at a time: a new connection replaces the old).
     *
     * @param port 0 for a free port
     * @return the port bound
     */
    public int serveTcp(int port) throws IOException {
        return serveNet(port, -1);
    }

    /**
     * Serves tcpudp: commands on TCP {@code port}, random data as UDP datagrams to the TCP peer's
     * address, port {@code hostUdpPort}.
     *
     * @return the TCP port bound
     */
    public int serveTcpUdp(int port, int hostUdpPort) throws IOException {
        if (hostUdpPort < 1 || hostUdpPort > 65_535) {
            throw new IllegalArgumentException("host UDP port must be 1..65535");
        }
        return serveNet(port, hostUdpPort);
    }

    private int serveNet(int port, int udpPort) throws IOException {
        checkOpen();
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(bindAddress, port));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + bindAddress.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        int bound = ((InetSocketAddress) server.getLocalAddress()).getPort();
        NetServer ns = parts.add(new NetServer(server, udpPort));
        ns.thread = Thread.ofPlatform().daemon().name("qcicada-emu-" + (udpPort < 0 ? "tcp" : "tcpudp")).start(ns::accept);
        log.accept("serving " + (udpPort < 0 ? "tcp" : "tcpudp") + " on " + bindAddress.getHostAddress() + ":" + bound
                + (udpPort < 0 ? "" : ", data to the host's udp port " + udpPort));
        return bound;
    }

    private final class NetServer implements AutoCloseable {
        private final ServerSocketChannel server;
        private final int udpPort;
        Thread thread;
        private Session session;
        private Thread sessionThread;

        NetServer(ServerSocketChannel server, int udpPort) {
            this.server = server;
            this.udpPort = udpPort;
        }

        void accept() {
            while (!closed) {
                SocketChannel ch;
                try {
                    ch = server.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (!closed) {
                        log.accept("accept failed: " + e.getMessage());
                    }
                    return;
                }
                try {
                    TcpLink link = udpPort < 0 ? new TcpLink(ch)
                            : new TcpUdpLink(ch, udpPort, datagramSize, rate.isUnlimited() ? udpPace : 0);
                    synchronized (this) {
                        if (session != null) {
                            stopSession(session, sessionThread); // one host at a time: the newest wins
                        }
                        session = new Session(device, link, table, partialTimeoutNanos, log);
                        sessionThread = Thread.ofPlatform().daemon().name("qcicada-emu-session").start(session);
                    }
                    log.accept("host connected: " + link.describe());
                } catch (IOException e) {
                    log.accept("cannot serve " + ch + ": " + e.getMessage());
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // dropping it
                    }
                }
            }
        }

        @Override
        public synchronized void close() throws IOException {
            server.close();
            if (session != null) {
                stopSession(session, sessionThread);
            }
        }
    }

    private static void stopSession(Session s, Thread t) {
        s.stop();
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- inspection and control ---------------------------------------------------------------

    public Faults faults() {
        return faults;
    }

    public EmulatorStatistics statistics() {
        var s = device.statistics(System.nanoTime());
        return new EmulatorStatistics(s.generatedBytes(), s.repetitionCountFailures(), s.adaptiveProportionFailures(),
                s.bitcountFailures(), device.generatedTotal(), device.droppedBytes(), device.commands(), device.nacks(),
                device.partialsDropped(), device.signedReads());
    }

    /** The last firmware image that completed and passed verification, as kept in the state directory. */
    public Optional<byte[]> firmwareImage() {
        return device.firmwareImage();
    }

    /** What GET_INFO answers (serial number, hardware and firmware versions). */
    public DeviceInfo info() {
        return device.info();
    }

    public Path stateDir() {
        return store.dir();
    }

    /** The fault-injection control file (it need not exist). */
    public Path controlFile() {
        return store.path(ControlFile.FILE);
    }

    /** The device's signing identity: public key, certificate, OEM CA files. */
    public DeviceAttestation attestation() {
        return attestation;
    }

    public EmulatorRate rate() {
        return rate;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("emulator closed");
        }
    }

    /** Stops every link, the control-file watcher and the device, and releases the state directory. */
    @Override
    public void close() {
        closed = true;
        try {
            parts.close();
        } catch (Exception e) {
            log.accept("while stopping: " + e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Settings of a new emulator; only {@link #build()} touches the state directory. */
    public static final class Builder {
        private Path stateDir;
        private EmulatorRate rate = EmulatorRate.real();
        private boolean blank;
        private FaultSettings faults = FaultSettings.NONE;
        private int certificateCommandCode = Codes.SET_DEV_CERTIFICATE_DEFAULT;
        private Duration partialCommandTimeout = Duration.ofNanos(FrameParser.DEFAULT_PARTIAL_TIMEOUT_NANOS);
        private String serialNumber;
        private Long firmwareVersion;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int datagramSize = TcpUdpLink.DEFAULT_DATAGRAM;
        private long udpPace = 10_000_000;
        private Consumer<String> log = m -> { };

        private Builder() {
        }

        /** The device's persistent memory; a fresh directory is a new device. Null: a throw-away device. */
        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder rate(EmulatorRate rate) {
            this.rate = Objects.requireNonNull(rate);
            return this;
        }

        /** A fresh state directory becomes an unprovisioned device: no certificate until one is programmed. */
        public Builder blank(boolean blank) {
            this.blank = blank;
            return this;
        }

        /** Faults in force from the start (and what the control file falls back to). */
        public Builder faults(FaultSettings faults) {
            this.faults = Objects.requireNonNull(faults);
            return this;
        }

        /** The unpublished SET_DEV_CERTIFICATE code (0xF0..0xFF, not 0xF7..0xF9); 0xFA by default. */
        public Builder certificateCommandCode(int code) {
            this.certificateCommandCode = code;
            return this;
        }

        /** The device's inter-byte timeout after which a partial command is dropped (~0.5 s). */
        public Builder partialCommandTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.partialCommandTimeout = d;
            return this;
        }

        /** Serial number of a new device ({@code QC} + digits); ignored for an existing state directory. */
        public Builder serialNumber(String serial) {
            this.serialNumber = Identity.checkSerial(serial);
            return this;
        }

        /** Firmware version of a new device (major&lt;&lt;16 | minor); ignored for an existing state directory. */
        public Builder firmwareVersion(long version) {
            if (version < 0 || version > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("version is a u32");
            }
            this.firmwareVersion = version;
            return this;
        }

        /** Address the TCP servers listen on; the loopback address by default. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        /** Largest UDP datagram on tcpudp (1,472 by default). */
        public Builder datagramSize(int size) {
            if (size < 1 || size > 65_507) {
                throw new IllegalArgumentException("datagram size must be 1..65507");
            }
            this.datagramSize = size;
            return this;
        }

        /**
         * At {@link EmulatorRate#unlimited()}, tcpudp data cannot wait for a reader (UDP has no back-pressure):
         * it is paced at this many bytes per second instead (10,000,000 by default).
         */
        public Builder udpPace(long bytesPerSecond) {
            if (bytesPerSecond < 1) {
                throw new IllegalArgumentException("pace must be positive");
            }
            this.udpPace = bytesPerSecond;
            return this;
        }

        /** Where notable events go (a host connected, a control file applied or refused). */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log);
            return this;
        }

        public QcicadaEmulator build() throws IOException {
            return new QcicadaEmulator(this);
        }
    }
}
