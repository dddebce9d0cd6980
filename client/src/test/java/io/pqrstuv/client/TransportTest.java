package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.client.error.HttpStatusException;
import io.pqrstuv.client.error.MalformedResponseException;
import io.pqrstuv.client.error.TransportException;
import io.pqrstuv.client.error.UntrustedCertificateException;
import io.pqrstuv.client.transport.Transport;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust, TLS version and reachability against a real local TLS peer. */
class TransportTest {
    private static final String INFO = "{\"code\":0,\"result\":{\"name\":\"t\",\"available_cryptosystems\":[-49,-65538],"
            + "\"token_hash_algo\":-16}}";

    @Test
    void pinnedCertificateIsAcceptedOverTls13() throws Exception {
        try (TestTls peer = TestTls.start("TLSv1.3", ex -> TestTls.reply(ex, 200, INFO));
                PqrstuvClient c = PqrstuvClient.builder(peer.url(), peer.trust()).build()) {
            DeviceInfo info = c.info();
            assertThat(info.name()).contains("t");
            assertThat(info.algorithms()).extracting(a -> a.coseId()).containsExactly(-49, -65538);
            assertThat(c.lastPresentedCertificate()).contains(peer.certificate);
        }
    }

    @Test
    void certificateFileTrustsExactlyThatCertificate(@TempDir Path dir) throws Exception {
        try (TestTls peer = TestTls.start("TLSv1.3", ex -> TestTls.reply(ex, 200, INFO))) {
            Path pem = dir.resolve("cert.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder().encodeToString(peer.certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            try (PqrstuvClient c = PqrstuvClient.builder(peer.url(), Trust.certificateFile(pem)).build()) {
                assertThat(c.info().tokenHashAlgorithm()).isEqualTo(-16);
            }
        }
    }

    @Test
    void otherCertificateIsRefusedWithItsFingerprint() throws Exception {
        try (TestTls peer = TestTls.start("TLSv1.3", ex -> TestTls.reply(ex, 200, INFO));
                PqrstuvClient c = PqrstuvClient.builder(peer.url(), Trust.fingerprint("00".repeat(32))).build()) {
            String fp = Trust.formatFingerprint(Trust.fingerprint(peer.certificate));
            assertThatThrownBy(c::info)
                    .isInstanceOf(UntrustedCertificateException.class)
                    .hasMessageContaining(fp)
                    .satisfies(e -> assertThat(((UntrustedCertificateException) e).presentedFingerprint()).contains(fp));
        }
    }

    @Test
    void expiredPinnedCertificateIsRefused() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        try (TestTls peer = TestTls.start("TLSv1.3", ex -> TestTls.reply(ex, 200, INFO),
                        now.minus(java.time.Duration.ofDays(10)), now.minus(java.time.Duration.ofDays(1)));
                PqrstuvClient c = PqrstuvClient.builder(peer.url(), peer.trust()).build()) {
            assertThatThrownBy(c::info)
                    .isInstanceOf(UntrustedCertificateException.class)
                    .hasMessageContaining("expired");
        }
    }

    @Test
    void tls12OnlyServerIsRefused() throws Exception {
        try (TestTls peer = TestTls.start("TLSv1.2", ex -> TestTls.reply(ex, 200, INFO));
                PqrstuvClient c = PqrstuvClient.builder(peer.url(), peer.trust()).build()) {
            assertThatThrownBy(c::info)
                    .isInstanceOf(UntrustedCertificateException.class)
                    .hasMessageContaining("TLS 1.3");
        }
    }

    @Test
    void unreachablePortIsATransportError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (PqrstuvClient c = PqrstuvClient.builder(URI.create("https://127.0.0.1:" + port),
                Trust.fingerprint("ab".repeat(32))).build()) {
            assertThatThrownBy(c::info)
                    .isExactlyInstanceOf(TransportException.class)
                    .hasMessageContaining("connection refused")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void everyNon200StatusIsNamed() throws Exception {
        for (int status : List.of(400, 403, 404, 417, 500, 502)) {
            try (TestTls peer = TestTls.start("TLSv1.3", ex -> TestTls.reply(ex, status, "{}"));
                    PqrstuvClient c = PqrstuvClient.builder(peer.url(), peer.trust()).build()) {
                assertThatThrownBy(() -> c.ping(new byte[] {1}))
                        .isInstanceOfSatisfying(HttpStatusException.class, e -> assertThat(e.status()).isEqualTo(status))
                        .hasMessageContaining("/ping: HTTP " + status);
            }
        }
    }

    @Test
    void aPostWhoseConnectionDropsIsNeverResent() throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        // The handler reads the request, then drops the connection without a reply. The JDK
        // re-sends a non-streamed POST once in that case; the client must not (no retries).
        try (TestTls peer = TestTls.start("TLSv1.3", ex -> {
                    seen.incrementAndGet();
                    ex.getRequestBody().readAllBytes();
                    throw new IOException("drop");
                });
                PqrstuvClient c = PqrstuvClient.builder(peer.url(), peer.trust()).build()) {
            assertThatThrownBy(() -> c.ping(new byte[] {1, 2, 3}))
                    .isExactlyInstanceOf(TransportException.class)
                    .hasMessageNotContaining("\n");
            Thread.sleep(200); // a re-sent request would have reached the handler by now
            assertThat(seen).hasValue(1);
        }
    }

    @Test
    void requestsCarryTheEcpHeadersAndNoProxyOrRedirect() throws Exception {
        java.util.List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TestTls peer = TestTls.start("TLSv1.3", ex -> {
                    got.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Content-Type")
                            + " " + ex.getRequestHeaders().getFirst("Session") + " " + ex.getRequestHeaders().getFirst("Authorization")
                            + " " + new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    if (ex.getRequestURI().getPath().equals("/info")) {
                        TestTls.reply(ex, 200, INFO);
                    } else {
                        ex.getResponseHeaders().set("Location", "https://127.0.0.1:1/ping");
                        TestTls.reply(ex, 302, "");
                    }
                });
                PqrstuvClient c = PqrstuvClient.builder(peer.url(), peer.trust()).build()) {
            c.info();
            assertThatThrownBy(() -> c.ping(new byte[] {(byte) 0xFF}))
                    .isInstanceOfSatisfying(HttpStatusException.class, e -> assertThat(e.status()).isEqualTo(302));
            assertThat(got).containsExactly(
                    "GET /info application/json AAAAAA AAAAAAAAAAAAAAAAAAAAAA ",
                    "POST /ping application/json AAAAAA AAAAAAAAAAAAAAAAAAAAAA {\"data\":\"_w\"}");
        }
    }

    @Test
    void anOversizedReplyIsMalformedNotBuffered() throws Exception {
        String huge = "{\"code\":0,\"result\":\"" + "A".repeat(Transport.MAX_REPLY_BYTES) + "\"}";
        try (TestTls peer = TestTls.start("TLSv1.3", ex -> TestTls.reply(ex, 200, huge));
                PqrstuvClient c = PqrstuvClient.builder(peer.url(), peer.trust()).build()) {
            assertThatThrownBy(() -> c.ping(new byte[0]))
                    .isInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining("larger than");
        }
    }

    @Test
    void sequentialCallsReuseOneConnectionAndClientsDoNotShare() throws Exception {
        java.util.List<Integer> ports = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TestTls peer = TestTls.start("TLSv1.3", ex -> {
                    ports.add(ex.getRemoteAddress().getPort());
                    ex.getRequestBody().readAllBytes();
                    TestTls.reply(ex, 200, ex.getRequestURI().getPath().equals("/info") ? INFO
                            : "{\"code\":0,\"result\":\"AQ\"}");
                })) {
            try (PqrstuvClient c = PqrstuvClient.builder(peer.url(), peer.trust()).build()) {
                c.info();
                c.ping(new byte[] {1});
                c.info();
                c.ping(new byte[] {1});
            }
            // Kept alive: one TCP connection (one TLS handshake) for the whole sequence.
            assertThat(ports).hasSize(4);
            assertThat(java.util.Set.copyOf(ports)).hasSize(1);
            try (PqrstuvClient other = PqrstuvClient.builder(peer.url(), peer.trust()).build()) {
                other.info();
            }
            // Another client (its own trust set) never inherits the first one's connection.
            assertThat(ports.getLast()).isNotEqualTo(ports.getFirst());
        }
    }

    @Test
    void urlMustBeBareHttps() {
        Trust t = Trust.fingerprint("ab".repeat(32));
        for (String bad : List.of("http://127.0.0.1:8443", "https://127.0.0.1:8443/api", "https://u@h", "https://h?x=1", "https:///x")) {
            assertThatThrownBy(() -> PqrstuvClient.builder(URI.create(bad), t))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Transport.checkUrl(URI.create("https://127.0.0.1:8443/"))).hasToString("https://127.0.0.1:8443");
    }

    @Test
    void fingerprintParsing(@TempDir Path dir) throws IOException {
        String hex = "0123456789abcdef".repeat(4);
        String colons = HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
        assertThat(((Trust.Pinned) Trust.fingerprint(colons)).sha256().getFirst())
                .isEqualTo(HexFormat.of().parseHex(hex));
        assertThat(((Trust.Pinned) Trust.fingerprint("sha256:" + hex)).sha256()).hasSize(1);
        for (String bad : List.of("", "abc", hex + "00", hex.replace('a', 'g'))) {
            assertThatThrownBy(() -> Trust.fingerprint(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "not a certificate");
        assertThatThrownBy(() -> Trust.certificateFile(junk)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Trust.certificateFile(dir.resolve("missing.pem"))).isInstanceOf(IOException.class);
    }
}
