package io.pqrstuv.operation.support;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.operation.http.ServerLimits;
import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.Links;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import io.pqrstuv.testkit.tap.IcpTap;
import io.pqrstuv.testkit.tls.PinnedTrust;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The device under test, and the one place that starts a whole device in a test: the real storage
 * module (or the scripted responder) and the real operation module on a free local port, joined by
 * the link a test asks for ({@link Builder}). The operation module's tests, the client's end-to-end
 * tests ({@code client/…/E2eDevice}) and the benchmarks start theirs here; the other modules see this
 * package through the operation module's test jar (docs/decisions.md P-60).
 *
 * <p>With system property {@code pqrstuv.ecp.url} (and {@code pqrstuv.ecp.cacert}), {@link #start()}
 * returns that external device instead.
 */
public final class TestDevice implements AutoCloseable {
    /** How the two modules are joined. */
    public enum Wiring {
        /** An in-memory {@link PipeLink} pair. */
        PIPE,
        /** A socat pty pair, both ends opened as serial ports (jSerialComm), as on hardware. */
        PTY,
        /** Each module on its own socat pty, an {@link IcpTap} relaying between the two (MITM tests). */
        TAP
    }

    private final String url;
    private final X509Certificate certificate;
    private final OperationModule module;
    private final StorageModule storage;
    private final ScriptedStorage scripted;
    private final TapLink tapLink;
    private final IcpTap icpTap;
    private final Path stateDir;
    private final Path exportDir;
    private final Deque<AutoCloseable> resources;

    private TestDevice(String url, X509Certificate certificate, OperationModule module, StorageModule storage,
                       ScriptedStorage scripted, TapLink tapLink, IcpTap icpTap, Path stateDir, Path exportDir,
                       Deque<AutoCloseable> resources) {
        this.url = url;
        this.certificate = certificate;
        this.module = module;
        this.storage = storage;
        this.scripted = scripted;
        this.tapLink = tapLink;
        this.icpTap = icpTap;
        this.stateDir = stateDir;
        this.exportDir = exportDir;
        this.resources = resources;
    }

    public static boolean external() {
        return System.getProperty("pqrstuv.ecp.url") != null;
    }

    /** The external device when configured, else a fresh local one ({@link #builder()} defaults). */
    public static TestDevice start() throws Exception {
        String ext = System.getProperty("pqrstuv.ecp.url");
        if (ext != null) {
            String ca = System.getProperty("pqrstuv.ecp.cacert");
            X509Certificate cert = ca == null ? null : readCertificate(Path.of(ca));
            return new TestDevice(ext, cert, null, null, null, null, null, null, null, new ArrayDeque<>());
        }
        return builder().start();
    }

    /** A fresh local device on a socat pty pair, the operation module's side paced at {@code rate}. */
    public static TestDevice startLocal(LineRate rate) throws Exception {
        return builder().lineRate(rate).start();
    }

    /** A local device on the scripted responder (fault injection), with the given reply timeouts. */
    public static TestDevice startScripted(ReplyTimeouts timeouts) throws Exception {
        return startScripted(timeouts, LineRate.UNLIMITED);
    }

    /** A scripted device whose link behaves like a UART at {@code rate} in both directions. */
    public static TestDevice startScripted(ReplyTimeouts timeouts, LineRate rate) throws Exception {
        return builder().scriptedStorage().wiring(Wiring.PIPE).replyTimeouts(timeouts).lineRate(rate).start();
    }

    /**
     * Defaults: the real storage module, vault {@code -Dpqrstuv.test.vault} (else {@code memory}), the
     * JDK DRBG, the full algorithm profile; {@link Wiring#PTY}; line rate unlimited; the production reply
     * timeouts for the line rate.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** What to start. Each setter returns the builder; {@link #start()} starts it or undoes what it started. */
    public static final class Builder {
        private Wiring wiring = Wiring.PTY;
        private LineRate rate = LineRate.UNLIMITED;
        private String vault = System.getProperty("pqrstuv.test.vault", "memory");
        private ReplyTimeouts timeouts;
        private ServerLimits serverLimits;
        private boolean scriptedStorage;

        private Builder() {
        }

        public Builder wiring(Wiring w) {
            this.wiring = Objects.requireNonNull(w);
            return this;
        }

        /** Paces the operation module's end of the link (both directions) at {@code r}; not with {@link Wiring#TAP}. */
        public Builder lineRate(LineRate r) {
            this.rate = Objects.requireNonNull(r);
            return this;
        }

        public Builder vault(String name) {
            this.vault = Objects.requireNonNull(name);
            return this;
        }

        public Builder replyTimeouts(ReplyTimeouts t) {
            this.timeouts = Objects.requireNonNull(t);
            return this;
        }

        /** The HTTPS server's connection limits (default: the production ones, {@link ServerLimits#defaults()}). */
        public Builder serverLimits(ServerLimits limits) {
            this.serverLimits = Objects.requireNonNull(limits);
            return this;
        }

        /** The scripted responder instead of the real storage module (on a {@link Wiring#PIPE} only). */
        public Builder scriptedStorage() {
            this.scriptedStorage = true;
            return this;
        }

        public TestDevice start() throws Exception {
            if (scriptedStorage && wiring != Wiring.PIPE) {
                throw new IllegalArgumentException("the scripted storage runs on a pipe");
            }
            if (wiring == Wiring.TAP && !rate.isUnlimited()) {
                throw new IllegalArgumentException("the tap relays at the full pty rate");
            }
            Deque<AutoCloseable> started = new ArrayDeque<>();
            try {
                return start(started);
            } catch (Exception | Error e) {
                closeAll(started, e);
                throw e;
            }
        }

        private TestDevice start(Deque<AutoCloseable> started) throws Exception {
            Path state = Files.createTempDirectory("pqrstuv-device-state");
            Path export = Files.createTempDirectory("pqrstuv-device-export");
            started.push(() -> deleteTree(state));
            started.push(() -> deleteTree(export));

            Link operationEnd;
            Link storageEnd;
            IcpTap icpTap = null;
            switch (wiring) {
                case PIPE -> {
                    PipeLink.Pair pair = PipeLink.pair();
                    operationEnd = pair.a();
                    storageEnd = pair.b();
                }
                case PTY -> {
                    SocatPtyPair pty = SocatPtyPair.start();
                    started.push(pty);
                    operationEnd = Links.open("serial:" + pty.a());
                    storageEnd = Links.open("serial:" + pty.b());
                }
                case TAP -> {
                    icpTap = IcpTap.overSocatPtys();
                    started.push(icpTap);
                    operationEnd = Links.open("serial:" + icpTap.operationModuleDevice());
                    storageEnd = Links.open("serial:" + icpTap.storageModuleDevice());
                }
                default -> throw new IllegalStateException();
            }

            // The storage side first: the operation module's start-up GET_INFO needs an answer.
            StorageModule storage = null;
            ScriptedStorage scripted = null;
            if (scriptedStorage) {
                scripted = new ScriptedStorage(storageEnd);
                started.push(scripted);
            } else {
                storage = StorageModule.start(new StorageModule.Config(state.resolve("storage"), vault,
                        new DrbgEntropySource(), new JcaDeviceCrypto(), InstantSource.system(), Algorithm.PROFILE), storageEnd);
                started.push(storage);
            }

            // The operation module's end: paced at the line rate, and (but behind a tap) checked for
            // the ICP discipline by a TapLink.
            TapLink tapLink = null;
            Link link = operationEnd;
            if (wiring != Wiring.TAP) {
                tapLink = new TapLink(RateLimitedLink.wrap(operationEnd, rate));
                link = tapLink;
            }
            ReplyTimeouts t = timeouts != null ? timeouts : new ReplyTimeouts(rate.isUnlimited() ? 0 : rate.baud());
            Path operationState = scriptedStorage ? state : state.resolve("operation");
            OperationModule.Settings settings = new OperationModule.Settings(
                    new InetSocketAddress("127.0.0.1", 0), operationState, Optional.of(export), t, "logger");
            if (serverLimits != null) {
                settings = settings.withServerLimits(serverLimits);
            }
            OperationModule module = OperationModule.start(settings, link);
            started.push(module);
            return new TestDevice(module.url(), module.certificate(), module, storage, scripted, tapLink, icpTap,
                    operationState, export, started);
        }
    }

    public EcpTestClient client() throws Exception {
        return new EcpTestClient(url, new PinnedTrust(certificate == null ? List.of() : List.of(certificate)));
    }

    /** A client that accepts whatever certificate is served and records it. */
    public EcpTestClient recordingClient() throws Exception {
        return new EcpTestClient(url, new PinnedTrust(List.of()));
    }

    public String url() {
        return url;
    }

    /** The certificate the operation module serves (null for an external device without {@code pqrstuv.ecp.cacert}). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The operation module's certificate file (PEM); local devices only. */
    public Path certificatePath() {
        return module().orElseThrow(() -> new IllegalStateException("an external device")).certificatePath();
    }

    public Optional<OperationModule> module() {
        return Optional.ofNullable(module);
    }

    public Optional<StorageModule> storageModule() {
        return Optional.ofNullable(storage);
    }

    public Optional<ScriptedStorage> scripted() {
        return Optional.ofNullable(scripted);
    }

    /** The discipline checker on the operation module's link ({@link Wiring#PIPE} and {@link Wiring#PTY}). */
    public Optional<TapLink> tap() {
        return Optional.ofNullable(tapLink);
    }

    /** The relay between the modules ({@link Wiring#TAP}). */
    public Optional<IcpTap> icpTap() {
        return Optional.ofNullable(icpTap);
    }

    /** The operation module's state directory. */
    public Path stateDir() {
        return stateDir;
    }

    public Path exportDir() {
        return exportDir;
    }

    public int port() {
        return java.net.URI.create(url).getPort();
    }

    static X509Certificate readCertificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    /** Stops what was started, in reverse order, and deletes the temporary state. */
    @Override
    public void close() throws Exception {
        closeAll(resources, null);
    }

    private static void closeAll(Deque<AutoCloseable> started, Throwable pending) throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (pending != null) {
                    pending.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
