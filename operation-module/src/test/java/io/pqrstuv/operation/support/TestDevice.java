package io.pqrstuv.operation.support;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Links;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.serial.RateLimitedLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import io.pqrstuv.testkit.tls.PinnedTrust;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The device under test. With system property {@code pqrstuv.ecp.url} (and
 * {@code pqrstuv.ecp.cacert}) the tests run against that external device; otherwise they start
 * the real storage module and the operation module here, joined by a socat pty pair.
 */
public final class TestDevice implements AutoCloseable {
    private final String url;
    private final X509Certificate certificate;
    private final OperationModule module;
    private final ScriptedStorage scripted;
    private final TapLink tap;
    private final Path stateDir;
    private final Path exportDir;
    private final AutoCloseable storageSide;

    private TestDevice(String url, X509Certificate certificate, OperationModule module, ScriptedStorage scripted,
                       TapLink tap, Path stateDir, Path exportDir, AutoCloseable storageSide) {
        this.url = url;
        this.certificate = certificate;
        this.module = module;
        this.scripted = scripted;
        this.tap = tap;
        this.stateDir = stateDir;
        this.exportDir = exportDir;
        this.storageSide = storageSide;
    }

    public static boolean external() {
        return System.getProperty("pqrstuv.ecp.url") != null;
    }

    /** The external device when configured, else a fresh local one. */
    public static TestDevice start() throws Exception {
        String ext = System.getProperty("pqrstuv.ecp.url");
        if (ext != null) {
            String ca = System.getProperty("pqrstuv.ecp.cacert");
            X509Certificate cert = ca == null ? null : readCertificate(Path.of(ca));
            return new TestDevice(ext, cert, null, null, null, null, null, null);
        }
        return startLocal(LineRate.UNLIMITED);
    }

    /**
     * A fresh local device: the real storage module (vault {@code -Dpqrstuv.test.vault}, default
     * memory) on one end of a socat pty pair opened as serial ports, the operation module on the
     * other, its link tapped and, unless unlimited, paced at {@code rate}.
     */
    public static TestDevice startLocal(LineRate rate) throws Exception {
        Path state = Files.createTempDirectory("opmod-state");
        Path export = Files.createTempDirectory("opmod-export");
        SocatPtyPair pty = SocatPtyPair.start();
        StorageModule storage;
        try {
            storage = StorageModule.start(new StorageModule.Config(state.resolve("storage"),
                    System.getProperty("pqrstuv.test.vault", "memory"), new DrbgEntropySource(), new JcaDeviceCrypto(),
                    InstantSource.system(), Algorithm.PROFILE), Links.open("serial:" + pty.b()));
        } catch (Exception e) {
            pty.close();
            throw e;
        }
        AutoCloseable storageSide = () -> {
            try {
                storage.close();
            } finally {
                pty.close();
            }
        };
        try {
            TapLink tap = new TapLink(RateLimitedLink.wrap(Links.open("serial:" + pty.a()), rate));
            OperationModule module = OperationModule.start(new OperationModule.Settings(
                    new InetSocketAddress("127.0.0.1", 0), state.resolve("operation"), Optional.of(export),
                    new ReplyTimeouts(rate.isUnlimited() ? 0 : rate.baud()), "logger"), tap);
            return new TestDevice(module.url(), module.certificate(), module, null, tap, state.resolve("operation"),
                    export, storageSide);
        } catch (Exception e) {
            storageSide.close();
            throw e;
        }
    }

    /** A local device on the scripted responder (fault injection), with the given reply timeouts. */
    public static TestDevice startScripted(ReplyTimeouts timeouts) throws Exception {
        return startScripted(timeouts, LineRate.UNLIMITED);
    }

    /** A scripted device whose link behaves like a UART at {@code rate} in both directions. */
    public static TestDevice startScripted(ReplyTimeouts timeouts, LineRate rate) throws Exception {
        Path state = Files.createTempDirectory("opmod-state");
        Path export = Files.createTempDirectory("opmod-export");
        PipeLink.Pair pair = PipeLink.pair();
        TapLink tap = new TapLink(RateLimitedLink.wrap(pair.a(), rate));
        ScriptedStorage storage = new ScriptedStorage(pair.b());
        OperationModule module = OperationModule.start(new OperationModule.Settings(
                new InetSocketAddress("127.0.0.1", 0), state, Optional.of(export), timeouts, "logger"), tap);
        return new TestDevice(module.url(), module.certificate(), module, storage, tap, state, export, null);
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

    public Optional<OperationModule> module() {
        return Optional.ofNullable(module);
    }

    public Optional<ScriptedStorage> scripted() {
        return Optional.ofNullable(scripted);
    }

    public Optional<TapLink> tap() {
        return Optional.ofNullable(tap);
    }

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

    @Override
    public void close() throws Exception {
        if (module != null) {
            module.close();
        }
        if (scripted != null) {
            scripted.close();
        }
        if (storageSide != null) {
            storageSide.close();
        }
    }
}
