package io.pqrstuv.client;

import io.pqrstuv.ecp.Api;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/** HTTPS to one device: TLS 1.3 only, pinned trust, long timeouts (D-50), status mapping. */
final class Transport implements AutoCloseable {
    private final URI base;
    private final HttpClient http;
    private final PinningTrustManager trustManager;
    private final Duration requestTimeout;

    Transport(URI base, Trust.Pinned trust, Duration connectTimeout, Duration requestTimeout) {
        this.base = checkUrl(base);
        this.trustManager = new PinningTrustManager(trust);
        this.requestTimeout = requestTimeout;
        SSLContext tls;
        try {
            tls = SSLContext.getInstance("TLSv1.3");
            tls.init(null, new TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do TLS 1.3", e);
        }
        SSLParameters params = new SSLParameters();
        params.setProtocols(new String[] {"TLSv1.3"});
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .sslParameters(params)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY) // ECP must not be proxied (deployment guidelines)
                .build();
    }

    static URI checkUrl(URI url) {
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

    URI base() {
        return base;
    }

    Optional<X509Certificate> lastPresentedCertificate() {
        return Optional.ofNullable(trustManager.lastPresented());
    }

    /** Sends one request; returns the 200 body, or throws for any other status or failure. */
    byte[] exchange(Api api, String session, String token, byte[] body) throws PqrstuvException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + api.path()))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header(Api.SESSION_HEADER, session)
                .header(Api.AUTHORIZATION_HEADER, token);
        rb = "GET".equals(api.method())
                ? rb.GET()
                : rb.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> response;
        try {
            response = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(api.path() + ": interrupted", e);
        } catch (IOException | UnresolvedAddressException e) {
            throw translate(api, e);
        }
        if (response.statusCode() != 200) {
            throw new HttpStatusException(api, response.statusCode());
        }
        return response.body();
    }

    private TransportException translate(Api api, Exception e) {
        String where = "cannot reach the device at " + base;
        Throwable c = e;
        while (c != null) {
            if (c instanceof CertificateException ce) {
                X509Certificate leaf = trustManager.lastPresented();
                String fp = leaf == null ? null : Trust.formatFingerprint(Trust.fingerprint(leaf));
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
        if (e instanceof HttpConnectTimeoutException) {
            return new TransportException(where + ": connection timed out", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new TransportException(api.path() + ": no reply within " + requestTimeout.toSeconds() + " s", e);
        }
        if (e instanceof ConnectException || e instanceof UnresolvedAddressException) {
            return new TransportException(where + ": " + (e instanceof UnresolvedAddressException
                    ? "unknown host" : "connection refused"), e);
        }
        return new TransportException(where + ": " + oneLine(e), e);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ");
    }

    @Override
    public void close() {
        http.close();
    }
}
