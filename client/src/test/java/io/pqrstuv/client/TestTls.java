package io.pqrstuv.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local TLS peer for transport tests only: a self-signed P-256 certificate like the device's
 * (D-31) served by the JDK's HttpsServer. Not a device: handlers are scripted by each test.
 */
final class TestTls implements AutoCloseable {
    final X509Certificate certificate;
    final HttpsServer server;

    private TestTls(X509Certificate certificate, HttpsServer server) {
        this.certificate = certificate;
        this.server = server;
    }

    static TestTls start(String protocol, HttpHandler handler) throws Exception {
        Instant now = Instant.now();
        return start(protocol, handler, now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS));
    }

    static TestTls start(String protocol, HttpHandler handler, Instant notBefore, Instant notAfter) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X509Certificate cert = selfSigned(kp, "CN=PQRSTUV test peer", notBefore, notAfter);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "test".toCharArray();
        ks.setKeyEntry("tls", kp.getPrivate(), pw, new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters p) {
                var params = ctx.getDefaultSSLParameters();
                params.setProtocols(new String[] {protocol});
                p.setSSLParameters(params);
            }
        });
        s.createContext("/", handler);
        s.start();
        return new TestTls(cert, s);
    }

    static X509Certificate selfSigned(KeyPair kp, String dn, Instant notBefore, Instant notAfter) throws Exception {
        X500Name name = new X500Name(dn);
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                Date.from(notBefore), Date.from(notAfter), name, kp.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    Trust trust() {
        return new Trust.Pinned(java.util.List.of(Trust.fingerprint(certificate)));
    }

    static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
