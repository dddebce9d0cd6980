package io.pqrstuv.operation.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.testkit.tls.PinnedTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A black-box ECP client for tests: raw requests (any method, headers, body) and the usual
 * "/init then call with a fresh session" helper for the empty default secret (D-8).
 */
public final class EcpTestClient {
    public static final ObjectMapper JSON = new ObjectMapper();

    /** Status, body and headers of one reply. */
    public record Reply(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("reply is not JSON: " + body, e);
            }
        }

        public int code() {
            JsonNode code = json().get("code");
            if (status != 200 || code == null) {
                throw new AssertionError("expected a 200 reply with a code, got HTTP " + status + " " + body);
            }
            return code.intValue();
        }

        public JsonNode result() {
            return json().get("result");
        }
    }

    private final URI base;
    private final HttpClient http;
    private final PinnedTrust trust;
    private volatile byte[] secret = new byte[0];
    private final List<String> sentHeaders = new java.util.concurrent.CopyOnWriteArrayList<>();

    public EcpTestClient(String baseUrl, PinnedTrust trust) throws Exception {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.trust = trust;
        this.http = HttpClient.newBuilder()
                .sslContext(PinnedTrust.context(trust, "TLSv1.3"))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Every session, token and nonce this client used in {@link #call}: none may ever be logged. */
    public List<String> sentHeaders() {
        return List.copyOf(sentHeaders);
    }

    public PinnedTrust trust() {
        return trust;
    }

    public URI base() {
        return base;
    }

    /** The secret used for tokens (UTF-8 bytes; empty = factory default). */
    public void secret(byte[] s) {
        this.secret = s.clone();
    }

    public Reply send(String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(600));
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers().map());
    }

    public static Map<String, String> headers(String session, String token) {
        return Map.of("Session", session, "Authorization", token, "Content-Type", "application/json");
    }

    public static Map<String, String> unauthenticated() {
        return headers("AAAAAA", "AAAAAAAAAAAAAAAAAAAAAA");
    }

    public static String body(JsonNode data) {
        ObjectNode o = JSON.createObjectNode();
        o.set("data", data);
        return o.toString();
    }

    public Reply info() throws Exception {
        return send("GET", "/info", unauthenticated(), null);
    }

    public Reply postUnauthenticated(String path, JsonNode data) throws Exception {
        return send("POST", path, unauthenticated(), body(data));
    }

    /** /init, derive the token from the nonce, then call {@code path}. */
    public Reply call(String path, JsonNode data) throws Exception {
        Reply init = postUnauthenticated("/init", JSON.getNodeFactory().textNode(""));
        if (init.status() != 200 || init.code() != 0) {
            throw new AssertionError("/init failed: " + init);
        }
        String session = init.result().get("session").asText();
        byte[] nonce = Base64Url.decode(init.result().get("nonce").asText()).orElseThrow();
        String token = Base64Url.encode(AuthToken.compute(secret, nonce));
        sentHeaders.add(session);
        sentHeaders.add(token);
        sentHeaders.add(init.result().get("nonce").asText());
        return send("POST", path, headers(session, token), body(data));
    }

    public Reply call(String path, String data) throws Exception {
        return call(path, JSON.getNodeFactory().textNode(data));
    }

    public Reply call(String path, int data) throws Exception {
        return call(path, JSON.getNodeFactory().numberNode(data));
    }
}
