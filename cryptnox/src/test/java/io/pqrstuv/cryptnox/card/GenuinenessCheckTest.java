package io.pqrstuv.cryptnox.card;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The genuineness check against a certificate directory served on loopback, and without one. */
class GenuinenessCheckTest {
    static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    static HttpServer directory(X509Certificate ca) throws Exception {
        byte[] caPem = pem(ca).getBytes(StandardCharsets.US_ASCII);
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/certificates/", ex -> {
            byte[] body = ex.getRequestURI().getPath().endsWith("ca.crt")
                    ? caPem
                    : "<html><a href=\"ca.crt\">ca</a> <a href=\"readme.txt\">x</a></html>".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        return s;
    }


    @Test
    void originalFakeAndUnknown() throws Exception {
        KeyPair ca = TestCertificates.p256();
        KeyPair other = TestCertificates.p256();
        KeyPair card = TestCertificates.p256();
        X509Certificate caCert = TestCertificates.issue(ca, ca.getPublic(), 1);
        ManufacturerCertificate genuine = ManufacturerCertificate.parse(TestCertificates.issue(ca, card.getPublic(), 77).getEncoded());
        ManufacturerCertificate forged = ManufacturerCertificate.parse(TestCertificates.issue(other, card.getPublic(), 77).getEncoded());
        assertThat(genuine.serialNumber()).hasToString("77");
        HttpServer s = directory(caCert);
        try {
            URI dir = URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/certificates/");
            GenuinenessCheck check = GenuinenessCheck.using(dir, Duration.ofSeconds(10), List.of());
            assertThat(check.check(genuine)).isEqualTo(Origin.ORIGINAL);
            assertThat(check.check(forged)).isEqualTo(Origin.FAKE);
        } finally {
            s.stop(0);
        }
        // offline keys decide without any network
        assertThat(GenuinenessCheck.using(null, Duration.ofSeconds(1), List.of(ca.getPublic())).check(genuine))
                .isEqualTo(Origin.ORIGINAL);
        assertThat(GenuinenessCheck.using(null, Duration.ofSeconds(1), List.of(ca.getPublic())).check(forged))
                .isEqualTo(Origin.UNKNOWN);
        // the known Cryptnox CA key did not sign a test certificate
        assertThat(GenuinenessCheck.signedBy(genuine.certificate(), GenuinenessCheck.cryptnoxCaKey())).isFalse();
    }

    @Test
    void noDirectoryMeansUnknownQuickly() throws Exception {
        KeyPair ca = TestCertificates.p256();
        ManufacturerCertificate cert = ManufacturerCertificate.parse(TestCertificates.issue(ca, ca.getPublic(), 5).getEncoded());
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        assertThat(GenuinenessCheck.using(URI.create("http://127.0.0.1:" + closed + "/certificates/"), Duration.ofSeconds(5),
                List.of()).check(cert)).isEqualTo(Origin.UNKNOWN);
        // a server that accepts and never answers: the deadline ends the wait
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            long t1 = System.nanoTime();
            assertThat(GenuinenessCheck.using(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/certificates/"),
                    Duration.ofSeconds(1), List.of()).check(cert)).isEqualTo(Origin.UNKNOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(30));
            acceptor.interrupt();
        }
        for (Socket h : held) {
            h.close();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
    }
}
