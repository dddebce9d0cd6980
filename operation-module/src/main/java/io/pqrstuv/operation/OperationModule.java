package io.pqrstuv.operation;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.icp.command.GetInfoRequest;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.operation.api.ApiTable;
import io.pqrstuv.operation.convert.CborJson;
import io.pqrstuv.operation.convert.ConversionException;
import io.pqrstuv.operation.http.EcpHandler;
import io.pqrstuv.operation.http.ConnectionGuard;
import io.pqrstuv.operation.http.EcpServer;
import io.pqrstuv.operation.http.ServerLimits;
import io.pqrstuv.operation.icp.IcpClient;
import io.pqrstuv.operation.icp.IcpReply;
import io.pqrstuv.operation.icp.NoValidReplyException;
import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.operation.syslog.AuditLog;
import io.pqrstuv.operation.syslog.LoggerProcessSender;
import io.pqrstuv.operation.syslog.SyslogConfigStore;
import io.pqrstuv.operation.tls.CertificateRenewal;
import io.pqrstuv.operation.tls.SwappableKeyManager;
import io.pqrstuv.operation.tls.TlsFiles;
import io.pqrstuv.runtime.HeapReturn;
import io.pqrstuv.runtime.Lifecycle;
import io.pqrstuv.runtime.OwnerOnlyDirectory;
import io.pqrstuv.serial.Link;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * The operation module assembled: ICP client on the link, TLS material, audit log, the 16 API
 * handlers and the HTTPS server. {@link #close()} stops them in reverse order.
 */
public final class OperationModule implements AutoCloseable {
    /**
     * Launch-time wiring, read once (D-46): listen address, state directory, export directory
     * (the SD slot stand-in), reply timeouts for the link's line rate, the logger program, and the
     * HTTPS server's connection limits (P-85).
     */
    public record Settings(InetSocketAddress listen, Path stateDir, Optional<Path> exportDir,
                           ReplyTimeouts timeouts, String loggerCommand, ServerLimits serverLimits) {
        public Settings {
            Objects.requireNonNull(listen);
            Objects.requireNonNull(stateDir);
            Objects.requireNonNull(exportDir);
            Objects.requireNonNull(timeouts);
            Objects.requireNonNull(loggerCommand);
            Objects.requireNonNull(serverLimits);
        }

        /** With the production connection limits for this process ({@link ServerLimits#defaults()}). */
        public Settings(InetSocketAddress listen, Path stateDir, Optional<Path> exportDir, ReplyTimeouts timeouts,
                        String loggerCommand) {
            this(listen, stateDir, exportDir, timeouts, loggerCommand, ServerLimits.defaults());
        }

        public Settings withServerLimits(ServerLimits limits) {
            return new Settings(listen, stateDir, exportDir, timeouts, loggerCommand, limits);
        }

        public Settings(InetSocketAddress listen, Path stateDir, Optional<Path> exportDir, long lineRateBps) {
            this(listen, stateDir, exportDir, new ReplyTimeouts(lineRateBps), "logger");
        }
    }

    /** An idle device collects (and shrinks its heap) after this long without a collection. */
    static final java.time.Duration HEAP_RETURN_INTERVAL = java.time.Duration.ofSeconds(10);

    private final Lifecycle parts;
    private final LoggerProcessSender sender;
    private final EcpServer server;
    private final SwappableKeyManager keyManager;
    private final TlsFiles tlsFiles;
    private final AuditLog audit;

    private OperationModule(Lifecycle parts, LoggerProcessSender sender, EcpServer server,
                            SwappableKeyManager keyManager, TlsFiles tlsFiles, AuditLog audit) {
        this.parts = parts;
        this.sender = sender;
        this.server = server;
        this.keyManager = keyManager;
        this.tlsFiles = tlsFiles;
        this.audit = audit;
    }

    /** Starts serving on {@code link}. The module owns the link from here on and closes it. */
    public static OperationModule start(Settings settings, Link link) throws Exception {
        OwnerOnlyDirectory.create(settings.stateDir());
        // What a burst of connections made the heap commit is given back once it is over (issue 15).
        HeapReturn.enable(HEAP_RETURN_INTERVAL);
        // Started in this order, stopped in reverse: HTTPS first, then syslog, then the link.
        Lifecycle parts = new Lifecycle();
        try {
            IcpClient icp = parts.add(new IcpClient(link, settings.timeouts()));
            TlsFiles tls = new TlsFiles(settings.stateDir());
            if (!Files.isRegularFile(tls.certificatePath())) {
                tls.ensureInitial(deviceSerial(icp));
            }
            SwappableKeyManager keyManager = new SwappableKeyManager(tls.load());
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(new KeyManager[] {keyManager}, null, null);

            LoggerProcessSender sender = parts.add(new LoggerProcessSender(settings.loggerCommand()));
            AuditLog audit = new AuditLog(sender, new SyslogConfigStore(settings.stateDir()));
            CertificateRenewal renewal = new CertificateRenewal(tls, keyManager, settings.exportDir());
            EcpHandler handler = new EcpHandler(ApiTable.create(icp, audit, renewal), audit);
            // Registered before it starts: a start that fails half-way (port in use) is stopped too.
            EcpServer server = parts.add(new EcpServer(settings.listen(), ctx, handler, settings.serverLimits()));
            server.start();
            return new OperationModule(parts, sender, server, keyManager, tls, audit);
        } catch (Throwable t) {
            parts.abort(t);
            throw t;
        }
    }

    /** GET_INFO's serial_number for the first certificate's OU (D-31); none if the device is silent. */
    private static String deviceSerial(IcpClient icp) {
        try {
            GetInfoRequest request = new GetInfoRequest();
            IcpReply reply = icp.call(RequestPayload.unauthenticated(request.command(), request.encode()));
            if (!reply.isSuccess()) {
                return null;
            }
            JsonNode serial = CborJson.toJsonObject(reply.data()).get("serial_number");
            return serial != null && serial.isTextual() ? serial.asText() : null;
        } catch (NoValidReplyException | ConversionException e) {
            return null;
        }
    }

    public int port() {
        return server.port();
    }

    /** The base URL, e.g. {@code https://127.0.0.1:8443}. */
    public String url() {
        String host = server.host() == null || server.host().isEmpty() ? "0.0.0.0" : server.host();
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
    }

    /** The HTTPS server's connection limits and counters. */
    public ConnectionGuard connectionGuard() {
        return server.guard();
    }

    public X509Certificate certificate() {
        return keyManager.certificate();
    }

    public String certificateFingerprint() {
        return TlsFiles.fingerprint(certificate());
    }

    public Path certificatePath() {
        return tlsFiles.certificatePath();
    }

    public AuditLog audit() {
        return audit;
    }

    /** Waits until queued syslog messages have been handed to {@code logger}. */
    public boolean flushSyslog(java.time.Duration timeout) throws InterruptedException {
        return sender.awaitIdle(timeout);
    }

    /** Stops the HTTPS server, then the syslog sender, then the ICP client (which closes the link). */
    @Override
    public void close() throws Exception {
        parts.close();
    }
}
