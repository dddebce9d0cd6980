package io.pqrstuv.testkit.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the pinned certificates (the device's self-signed leaf), or records and
 * accepts any leaf when nothing is pinned. Host names are not checked: the device certificate
 * names the device, not the address the test dials.
 */
public final class PinnedTrust extends X509ExtendedTrustManager {
    private final List<X509Certificate> pinned;
    private final List<X509Certificate> seen = new CopyOnWriteArrayList<>();

    public PinnedTrust(List<X509Certificate> pinned) {
        this.pinned = pinned;
    }

    public static SSLContext context(PinnedTrust trust, String protocol) throws Exception {
        SSLContext ctx = SSLContext.getInstance(protocol);
        ctx.init(null, new TrustManager[] {trust}, null);
        return ctx;
    }

    /** Leaf certificates presented to this trust manager, oldest first. */
    public List<X509Certificate> seen() {
        return seen;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        seen.add(chain[0]);
        if (!pinned.isEmpty() && !pinned.contains(chain[0])) {
            throw new CertificateException("not the pinned device certificate");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
