package io.pqrstuv.operation.http;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTPS listener: one TCP port, TLS 1.3 only, HTTP/1.1, no server banner, and nothing but
 * {@link EcpHandler}. Handlers run on virtual threads because they block on the ICP queue.
 * Bounded by {@link ServerLimits}: connections, connections per address, and deadlines that
 * trickled bytes do not extend ({@link ConnectionGuard}, issue 15 part 1, P-85).
 */
public final class EcpServer implements AutoCloseable {
    /** Connections waiting to be accepted; the guard accepts at once, so this only absorbs bursts. */
    static final int ACCEPT_QUEUE = 1024;
    /** Idle network buffers kept for reuse, heap and direct each: a 32-client load needs about 1 MB. */
    static final long POOLED_IDLE_BYTES = 16L << 20;

    private final Server server;
    private final ServerConnector connector;
    private final ConnectionGuard guard;

    public EcpServer(InetSocketAddress listen, SSLContext tls, EcpHandler handler) {
        this(listen, tls, handler, ServerLimits.defaults());
    }

    public EcpServer(InetSocketAddress listen, SSLContext tls, EcpHandler handler, ServerLimits limits) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("ecp");
        // Threads a burst of TLS work started are given back soon after, all of them in one idle period
        // (Jetty's defaults: 60 s, and one thread per period, so 60 spare threads took an hour).
        threads.setIdleTimeout(15_000);
        threads.setMaxEvictCount(64);
        threads.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
        // Jetty's buffer pool would keep idle buffers by its heuristic (an eighth of the heap limit: 790 MB on
        // a 24 GB machine), heap and direct, which no collection gives back; a flood's buffers are let go.
        ArrayByteBufferPool buffers = new ArrayByteBufferPool(0, 4096, 65536, -1, POOLED_IDLE_BYTES, POOLED_IDLE_BYTES);
        server = new Server(threads, null, buffers);
        server.setStopAtShutdown(false);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSecureScheme("https");
        // Jetty's idle timeout also runs while a handler waits (minutes, D-50) for the storage module, and
        // under load a 1 s timeout was seen to cut a 4 s wait or the connection after it: it stays at D-50's
        // 300 s; the guard's deadlines bound everything outside a request (P-85, P-87).
        http.setIdleTimeout(limits.ioIdleTimeout().toMillis());
        http.setHttpCompliance(HttpCompliance.RFC9110);
        // Routing compares the raw path with the 16 API paths and decodes nothing, so odd paths
        // ("//info", "/in%66o") can safely reach it and get the ECP answer, 404 {}.
        http.setUriCompliance(UriCompliance.UNSAFE);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // The certificate names the device, not whatever host name or IP a client dials.
        secure.setSniHostCheck(false);
        secure.setSniRequired(false);
        http.addCustomizer(secure);

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls);
        ssl.setIncludeProtocols("TLSv1.3");
        ssl.setSniRequired(false);
        ssl.setRenegotiationAllowed(false);

        connector = new ServerConnector(server, 1, 1,
                new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        connector.setIdleTimeout(limits.ioIdleTimeout().toMillis());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        guard = new ConnectionGuard(limits);
        connector.addEventListener(guard);
        server.addBean(guard);
        server.addConnector(connector);
        server.setHandler(new RequestPhases(guard, handler));
        server.setErrorHandler(new JsonErrorHandler());
    }

    public void start() throws Exception {
        server.start();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The connection bounds in force and what they have done so far. */
    public ConnectionGuard guard() {
        return guard;
    }

    public String host() {
        return connector.getHost();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        server.join();
    }
}
