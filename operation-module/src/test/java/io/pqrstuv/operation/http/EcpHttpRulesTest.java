package io.pqrstuv.operation.http;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static io.pqrstuv.operation.support.EcpTestClient.body;
import static io.pqrstuv.operation.support.EcpTestClient.headers;
import static io.pqrstuv.operation.support.EcpTestClient.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.operation.support.TestDevice;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Black-box ECP rules over HTTPS: routing, headers, bodies, status precedence (D-27, D-28). */
class EcpHttpRulesTest {
    private static TestDevice device;
    private static EcpTestClient client;
    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void start() throws Exception {
        device = TestDevice.start();
        client = device.client();
    }

    @AfterAll
    static void stop() throws Exception {
        device.close();
    }

    private static void assertEmptyError(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(r.headers().get("cache-control")).containsExactly("no-store");
    }

    @Test
    void infoIsAJsonObjectWithTheProfile() throws Exception {
        Reply r = client.info();
        assertThat(r.status()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("code", "result");
        assertThat(json.get("code").isInt()).isTrue();
        assertThat(r.code()).isZero();
        JsonNode algs = r.result().get("available_cryptosystems");
        assertThat(algs.isArray()).isTrue();
        algs.forEach(a -> assertThat(a.isIntegralNumber()).isTrue());
        assertThat(r.result().get("token_hash_algo").asInt()).isEqualTo(-16);
        assertThat(r.headers().get("cache-control")).containsExactly("no-store");
        assertThat(r.headers().get("content-type").getFirst()).startsWith("application/json");
        assertThat(r.headers()).doesNotContainKeys("server", "x-powered-by");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/favicon.ico", "/debug", "/health", "/metrics", "/actuator",
        "/info/", "/INFO", "/info.json", "/nope", "/ping/x", "//info", "/in%66o", "/./info", "/x/../info", "/info;x"})
    void undefinedPathsAre404(String path) throws Exception {
        assertEmptyError(client.send("GET", path, unauthenticated(), null), 404);
        assertEmptyError(client.send("POST", path, unauthenticated(), body(JSON.getNodeFactory().textNode(""))), 404);
    }

    @ParameterizedTest
    @CsvSource({"GET,/ping", "POST,/info", "PUT,/keygen", "DELETE,/key_delete", "HEAD,/info", "OPTIONS,/info",
        "PATCH,/sign", "GET,/init", "TRACE,/info"})
    void wrongMethodsAre404(String method, String path) throws Exception {
        Reply r = client.send(method, path, unauthenticated(), "HEAD".equals(method) ? null : "{\"data\":\"\"}");
        assertThat(r.status()).isEqualTo(404);
        if (!"HEAD".equals(method)) {
            assertThat(r.body()).isEqualTo("{}");
        }
    }

    @Test
    void routingComesBeforeHeaders() throws Exception {
        assertEmptyError(client.send("GET", "/nope", Map.of(), null), 404);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "null,AAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAA,null",
        "AAAA,AAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAA,AAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAA==,AAAAAAAAAAAAAAAAAAAAAA",
        "+s76zg,AAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAB,AAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAA,Bearer AAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAA,AAAAAAAAAAAAAAAAAAAA",
        "AAAAAA,AAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAA,AAAAAAAAAAAAAAAAAAAAA*",
        "AAAAAA,AAAAAAAAAAAAAAAAAAAAAA==",
        "AA AAAA,AAAAAAAAAAAAAAAAAAAAAA",
    })
    void badHeadersAre403EvenWithABadBody(String session, String token) throws Exception {
        Map<String, String> h = new HashMap<>();
        h.put("Content-Type", "application/json");
        if (session != null) {
            h.put("Session", session);
        }
        if (token != null) {
            h.put("Authorization", token);
        }
        assertEmptyError(client.send("POST", "/ping", h, "not json"), 403);
        assertEmptyError(client.send("GET", "/info", h, null), 403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "\"data\"", "{}", "{\"dat\":\"\"}", "{\"data\":\"\"} x",
        "{\"data\":\"\",\"data\":\"\"}", "{\"data\":1}", "{\"data\":null}", "{\"data\":{}}", "{'data':''}"})
    void badBodiesForPingAre400(String b) throws Exception {
        assertEmptyError(client.send("POST", "/ping", unauthenticated(), b), 400);
    }

    @Test
    void postWithoutJsonContentTypeIs400() throws Exception {
        Map<String, String> h = new HashMap<>(unauthenticated());
        h.put("Content-Type", "text/plain");
        assertEmptyError(client.send("POST", "/ping", h, "{\"data\":\"\"}"), 400);
        h.put("Content-Type", "application/json; charset=utf-8");
        assertThat(client.send("POST", "/ping", h, "{\"data\":\"\"}").status()).isEqualTo(200);
    }

    @Test
    void oversizedBodyIs400() throws Exception {
        String big = "{\"data\":\"" + "A".repeat(1 << 20) + "\"}";
        assertEmptyError(client.send("POST", "/ping", unauthenticated(), big), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"-7\"", "1.5", "-7.0", "-9999999", "8388608", "-8388609", "true", "null", "[]", "{}",
        "1e3", "99999999999999999999999"})
    void algorithmIdMustBeA24BitInteger(String data) throws Exception {
        Reply r = client.send("POST", "/keygen", headers("AAAAAA", "AAAAAAAAAAAAAAAAAAAAAA"), "{\"data\":" + data + "}");
        assertEmptyError(r, 400);
    }

    @Test
    void jsonErrorsComeBeforeBase64Errors() throws Exception {
        assertEmptyError(client.send("POST", "/sign", unauthenticated(), "{\"data\":{\"identifier\":\"***\"}}"), 400);
        assertEmptyError(client.send("POST", "/sign", unauthenticated(),
                "{\"data\":{\"identifier\":\"***\",\"document\":\"\"}}"), 417);
    }

    @ParameterizedTest
    @ValueSource(strings = {"***", "AAAA=", "AA==", "A", "AB", "a+b/", "AAAAAB"})
    void badBase64InDataIs417(String data) throws Exception {
        int before = frames();
        assertEmptyError(client.postUnauthenticated("/ping", JSON.getNodeFactory().textNode(data)), 417);
        assertThat(frames()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 15, 17, 32})
    void identifiersMustBe16BytesWithNoIcpCall(int n) throws Exception {
        int before = frames();
        String id = Base64Url.encode(new byte[n]);
        assertEmptyError(client.send("POST", "/key_delete", unauthenticated(), body(JSON.getNodeFactory().textNode(id))), 417);
        assertEmptyError(client.send("POST", "/get_public_key", unauthenticated(), body(JSON.getNodeFactory().textNode(id))), 417);
        assertThat(frames()).isEqualTo(before);
    }

    private static int frames() {
        return device.tap().map(t -> t.requestFrames()).orElse(0);
    }

    @Test
    void pingRoundTripsAndRejectsOversizeData() throws Exception {
        byte[] data = new byte[1000];
        RANDOM.nextBytes(data);
        Reply r = client.postUnauthenticated("/ping", JSON.getNodeFactory().textNode(Base64Url.encode(data)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.code()).isZero();
        assertThat(r.result().asText()).isEqualTo(Base64Url.encode(data)).matches("^[A-Za-z0-9_-]*$");
        Reply empty = client.postUnauthenticated("/ping", JSON.getNodeFactory().textNode(""));
        assertThat(empty.result().asText()).isEmpty();
        Reply tooBig = client.postUnauthenticated("/ping", JSON.getNodeFactory().textNode(Base64Url.encode(new byte[49_940])));
        assertEmptyError(tooBig, 400);
    }

    @Test
    void initReturnsSessionAndNonce() throws Exception {
        Reply r = client.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""));
        assertThat(r.code()).isZero();
        assertThat(r.result().get("session").asText()).hasSize(6).matches("^[A-Za-z0-9_-]*$");
        assertThat(r.result().get("nonce").asText()).hasSize(22).matches("^[A-Za-z0-9_-]*$");
        assertThat(r.result().get("session").asText()).isNotIn("AAAAAA", "_____w");
    }

    @Test
    void nonZeroSessionOnUnauthenticatedApiIsForwarded() throws Exception {
        Reply r = client.send("GET", "/info", headers("AAAAAQ", "AAAAAAAAAAAAAAAAAAAAAA"), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().toString()).isEqualTo("{\"code\":7,\"result\":\"\"}");
    }

    @Test
    void wrongTokenIs200WithCode8() throws Exception {
        Reply init = client.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""));
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        Reply r = client.send("POST", "/keygen", headers(init.result().get("session").asText(), Base64Url.encode(token)),
                body(JSON.getNodeFactory().numberNode(-7)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().toString()).isEqualTo("{\"code\":8,\"result\":\"\"}");
    }

    @Test
    void replayedHeadersGetSessionUnavailable() throws Exception {
        Reply init = client.postUnauthenticated("/init", JSON.getNodeFactory().textNode(""));
        String session = init.result().get("session").asText();
        byte[] nonce = Base64Url.decode(init.result().get("nonce").asText()).orElseThrow();
        Map<String, String> h = headers(session, Base64Url.encode(AuthToken.compute(new byte[0], nonce)));
        String b = body(JSON.getNodeFactory().numberNode(-7));
        assertThat(client.send("POST", "/list_keys", h, b).code()).isZero();
        assertThat(client.send("POST", "/list_keys", h, b).json().toString()).isEqualTo("{\"code\":7,\"result\":\"\"}");
    }

    @Test
    void keyLifecycleShapes() throws Exception {
        assumeTrue(!TestDevice.external() || true);
        Reply gen = client.call("/keygen", -7);
        assertThat(gen.code()).isZero();
        String id = gen.result().asText();
        assertThat(id).hasSize(22);
        Reply list = client.call("/list_keys", -7);
        assertThat(list.code()).isZero();
        assertThat(list.result().get("count").asInt()).isEqualTo(list.result().get("identifiers").size());
        List<String> ids = JSON.convertValue(list.result().get("identifiers"), List.class);
        assertThat(ids).contains(id);
        Reply sig = client.call("/sign", JSON.createObjectNode().put("identifier", id).put("document", Base64Url.encode("hello".getBytes())));
        assertThat(sig.code()).isZero();
        assertThat(Base64Url.decode(sig.result().asText())).isPresent();
        assertThat(client.call("/key_delete", id).json().toString()).isEqualTo("{\"code\":0,\"result\":\"\"}");
        assertThat(client.call("/key_delete", id).json().toString()).isEqualTo("{\"code\":9,\"result\":\"\"}");
        assertThat(client.call("/get_public_key", id).json().toString()).isEqualTo("{\"code\":9,\"result\":\"\"}");
    }
}
