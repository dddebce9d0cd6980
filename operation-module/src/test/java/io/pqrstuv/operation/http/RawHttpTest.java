package io.pqrstuv.operation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.operation.support.TestDevice;
import io.pqrstuv.testkit.tls.PinnedTrust;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-written HTTP over TLS: what Jetty answers on its own must still be {} and bannerless. */
class RawHttpTest {
    private static TestDevice device;

    @BeforeAll
    static void start() throws Exception {
        device = TestDevice.start();
    }

    @AfterAll
    static void stop() throws Exception {
        device.close();
    }

    private static String exchange(String request) throws Exception {
        URI u = URI.create(device.url());
        try (SSLSocket s = (SSLSocket) PinnedTrust.context(new PinnedTrust(List.of()), "TLSv1.3")
                .getSocketFactory().createSocket(u.getHost(), u.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static final String HEADERS = "Session: AAAAAA\r\nAuthorization: AAAAAAAAAAAAAAAAAAAAAA\r\n";

    @Test
    void malformedRequestsGetAnEmptyJsonObject() throws Exception {
        for (String bad : List.of(
                "GET /info HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
                "GET /info HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /info HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(20_000) + "\r\n\r\n",
                "POST /ping HTTP/1.1\r\nHost: x\r\n" + HEADERS + "Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n")) {
            String reply = exchange(bad);
            assertThat(reply).matches("(?s)^HTTP/1\\.1 (4[0-9][0-9]|505) .*");
            assertThat(reply).endsWith("\r\n\r\n{}");
            assertThat(reply.toLowerCase()).doesNotContain("server:").doesNotContain("jetty").doesNotContain("<html");
        }
    }

    @Test
    void http10GetsAnAnswerAndTheConnectionCloses() throws Exception {
        String reply = exchange("GET /info HTTP/1.0\r\n" + HEADERS + "\r\n");
        assertThat(reply).matches("(?s)^HTTP/1\\.[01] 200 .*");
        assertThat(reply).contains("\"code\":0");
        assertThat(reply.toLowerCase()).contains("cache-control: no-store").doesNotContain("server:");
    }

    @Test
    void http11PipelinedRequestsAreAnsweredInOrder() throws Exception {
        String one = "POST /ping HTTP/1.1\r\nHost: x\r\n" + HEADERS + "Content-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"data\":\"AQID\"}";
        String two = "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        String reply = exchange(one + two);
        int first = reply.indexOf("HTTP/1.1 200");
        int second = reply.indexOf("HTTP/1.1 404");
        assertThat(first).isZero();
        assertThat(second).isGreaterThan(first);
        assertThat(reply).contains("{\"code\":0,\"result\":\"AQID\"}");
    }
}
