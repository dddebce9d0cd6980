package io.pqrstuv.client.transport;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts the server only when its leaf certificate matches a pin exactly. Extending
 * {@link X509ExtendedTrustManager} keeps JSSE from adding a host-name check: the device's
 * self-signed certificate names no host, and an exact pin already identifies the peer. The
 * last leaf seen is remembered so a refusal can say what the device presented.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
    private final List<byte[]> pins;
    private final AtomicReference<X509Certificate> lastPresented = new AtomicReference<>();

    PinningTrustManager(List<byte[]> pins) {
        this.pins = pins.stream().map(byte[]::clone).toList();
    }

    X509Certificate lastPresented() {
        return lastPresented.get();
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the device sent no certificate");
        }
        X509Certificate leaf = chain[0];
        lastPresented.set(leaf);
        byte[] fp = Fingerprints.sha256(leaf);
        for (byte[] pin : pins) {
            if (MessageDigest.isEqual(pin, fp)) {
                try {
                    leaf.checkValidity();
                } catch (java.security.cert.CertificateExpiredException e) {
                    throw new CertificateException("the pinned certificate expired on " + leaf.getNotAfter().toInstant(), e);
                } catch (java.security.cert.CertificateNotYetValidException e) {
                    throw new CertificateException("the pinned certificate is not valid before "
                            + leaf.getNotBefore().toInstant(), e);
                }
                return;
            }
        }
        throw new CertificateException("certificate " + Fingerprints.format(fp) + " is not trusted");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
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
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
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
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
