package io.pqrstuv.client.transport;

import io.pqrstuv.client.error.HttpStatusException;
import io.pqrstuv.client.error.MalformedResponseException;
import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.client.error.TransportException;
import io.pqrstuv.client.error.UntrustedCertificateException;
import io.pqrstuv.ecp.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;

/**
 * HTTPS to one device: TLS 1.3 only, pinned trust, long timeouts (D-50), status mapping.
 *
 * <p>Built on the JDK's blocking {@link HttpsURLConnection}, not {@code java.net.http.HttpClient}:
 * ECP is one small request and reply at a time, and the asynchronous client's selector thread and
 * reactive pipeline cost a short-lived process (the CLI) about 0.3 s of start-up for nothing
 * (docs/benchmarks.md, "CLI start-up"). Connections are kept alive and reused per client.
 *
 * <p>Never a silent retry of a command: every POST is sent in fixed-length streaming mode, which
 * the JDK never re-sends (spec: no automatic retries). Only GET /info may be re-sent once by the
 * JDK when a kept-alive connection turns out to be closed, which is harmless.
 */
public final class Transport implements AutoCloseable {
    /** Replies are small JSON documents; the largest (an SLH-DSA signature) is under 70 kB. */
    public static final int MAX_REPLY_BYTES = 4 << 20;
    /** An exact pin identifies the peer; the device's self-signed certificate names no host. */
    private static final HostnameVerifier PINNED_PEER = (host, session) -> true;

    private final URI base;
    private final PinningTrustManager trustManager;
    private final Tls13SocketFactory sockets;
    private final int connectTimeoutMillis;
    private final int requestTimeoutMillis;
    private final Duration requestTimeout;

    /** {@code pins}: the SHA-256 fingerprints of the accepted leaf certificates (see {@code Trust}). */
    public Transport(URI base, List<byte[]> pins, Duration connectTimeout, Duration requestTimeout) {
        this.base = checkUrl(base);
        this.trustManager = new PinningTrustManager(pins);
        this.requestTimeout = requestTimeout;
        this.connectTimeoutMillis = millis(connectTimeout);
        this.requestTimeoutMillis = millis(requestTimeout);
        SSLContext tls;
        try {
            tls = SSLContext.getInstance("TLSv1.3");
            tls.init(null, new TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do TLS 1.3", e);
        }
        // One factory per client: the JDK's keep-alive cache only reuses a connection made by the
        // same factory, so a client never inherits a connection another trust set accepted.
        this.sockets = new Tls13SocketFactory(tls.getSocketFactory());
    }

    private static int millis(Duration d) {
        long ms = d.toMillis();
        if (ms < 1) {
            throw new IllegalArgumentException("a timeout must be at least 1 ms");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    public static URI checkUrl(URI url) {
        if (url == null || !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("the device URL must be https://host[:port]");
        }
        String path = url.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null
                || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the device URL must be https://host[:port] with no path, query or user");
        }
        return URI.create("https://" + url.getRawAuthority());
    }

    public URI base() {
        return base;
    }

    public Optional<X509Certificate> lastPresentedCertificate() {
        return Optional.ofNullable(trustManager.lastPresented());
    }

    /** Sends one request; returns the 200 body, or throws for any other status or failure. */
    public byte[] exchange(Api api, String session, String token, byte[] body) throws PqrstuvException {
        HttpsURLConnection c = open(api);
        boolean post = !"GET".equals(api.method());
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Accept", "application/json");
        c.setRequestProperty(Api.SESSION_HEADER, session);
        c.setRequestProperty(Api.AUTHORIZATION_HEADER, token);
        try {
            c.setRequestMethod(api.method());
        } catch (java.net.ProtocolException e) {
            throw new IllegalStateException(e);
        }
        if (post) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
        }
        try {
            try {
                c.connect(); // TCP connect and TLS handshake
            } catch (SocketTimeoutException e) {
                throw new TransportException("cannot reach the device at " + base + ": connection timed out", e);
            }
            if (post) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            if (status != 200) {
                drain(c.getErrorStream());
                throw new HttpStatusException(api, status);
            }
            try (InputStream in = c.getInputStream()) {
                byte[] reply = in.readNBytes(MAX_REPLY_BYTES + 1);
                if (reply.length > MAX_REPLY_BYTES) {
                    c.disconnect();
                    throw new MalformedResponseException(api, "reply larger than " + MAX_REPLY_BYTES + " bytes");
                }
                return reply;
            }
        } catch (SocketTimeoutException e) {
            c.disconnect();
            throw new TransportException(api.path() + ": no reply within " + requestTimeout.toSeconds() + " s", e);
        } catch (IOException e) {
            c.disconnect();
            throw translate(e);
        }
    }

    private HttpsURLConnection open(Api api) {
        HttpsURLConnection c;
        try {
            // ECP must not be proxied (deployment guidelines): no proxy, whatever the JVM's settings.
            c = (HttpsURLConnection) URI.create(base + api.path()).toURL().openConnection(Proxy.NO_PROXY);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + base + api.path(), e);
        }
        c.setSSLSocketFactory(sockets);
        c.setHostnameVerifier(PINNED_PEER);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(connectTimeoutMillis);
        c.setReadTimeout(requestTimeoutMillis);
        return c;
    }

    /** Reads and drops an error body, so the connection can be kept alive. */
    private static void drain(InputStream in) {
        if (in == null) {
            return;
        }
        try (in) {
            in.readNBytes(64 * 1024);
        } catch (IOException ignored) {
            // the connection is dropped instead; the status is what matters
        }
    }

    private TransportException translate(IOException e) {
        String where = "cannot reach the device at " + base;
        Throwable c = e;
        while (c != null) {
            if (c instanceof CertificateException ce) {
                X509Certificate leaf = trustManager.lastPresented();
                String fp = leaf == null ? null : Fingerprints.format(Fingerprints.sha256(leaf));
                // Our trust manager's messages name the fingerprint or the expiry; nothing secret.
                return new UntrustedCertificateException("the device at " + base + " is not trusted: "
                        + oneLine(ce) + " (check the pinned certificate file or fingerprint)", fp, e);
            }
            c = c.getCause();
        }
        if (e instanceof SSLHandshakeException || e instanceof SSLException) {
            return new UntrustedCertificateException(
                    "TLS handshake with " + base + " failed (the device must offer TLS 1.3): " + oneLine(e), null, e);
        }
        if (e instanceof ConnectException) {
            return new TransportException(where + ": connection refused", e);
        }
        if (e instanceof UnknownHostException) {
            return new TransportException(where + ": unknown host", e);
        }
        if (e instanceof NoRouteToHostException) {
            return new TransportException(where + ": no route to host", e);
        }
        return new TransportException(where + ": " + oneLine(e), e);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ");
    }

    /** Nothing to release: idle kept-alive connections time out in the JDK's cache. */
    @Override
    public void close() {
    }
}
