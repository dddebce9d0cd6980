package io.pqrstuv.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A scripted ECP peer for client-side protocol tests: hands out sessions on /init, checks that each
 * authenticated request uses a fresh session once with token SHA-256(secret ‖ nonce)[0..16), and
 * answers from a per-path script. Records every request. Not a device model.
 */
final class ScriptedPeer implements AutoCloseable {
    record Request(String path, String session, String authorization, String contentType, JsonNode body) {
    }

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Function<JsonNode, String>> script = new HashMap<>();
    private final Map<String, byte[]> nonces = new HashMap<>();
    volatile byte[] secret = new byte[0];
    private int nextSession = 0x0A0B0C01;
    final TestTls tls;

    ScriptedPeer() throws Exception {
        tls = TestTls.start("TLSv1.3", this::handle);
    }

    PqrstuvClient client() {
        return PqrstuvClient.builder(tls.url(), tls.trust()).build();
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] raw = ex.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : new ObjectMapper().readTree(raw);
        String session = ex.getRequestHeaders().getFirst("Session");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(path, session, auth, ex.getRequestHeaders().getFirst("Content-Type"), body));
        if (path.equals("/init")) {
            byte[] s = {(byte) (nextSession >> 24), (byte) (nextSession >> 16), (byte) (nextSession >> 8), (byte) nextSession};
            nextSession++;
            byte[] nonce = new byte[16];
            new java.security.SecureRandom().nextBytes(nonce);
            nonces.put(Base64Url.encode(s), nonce);
            TestTls.reply(ex, 200, "{\"code\":0,\"result\":{\"session\":\"" + Base64Url.encode(s)
                    + "\",\"nonce\":\"" + Base64Url.encode(nonce) + "\"}}");
            return;
        }
        Function<JsonNode, String> f = script.get(path);
        if (f == null) {
            TestTls.reply(ex, 404, "{}");
            return;
        }
        if (!path.equals("/info") && !path.equals("/ping")) {
            byte[] nonce = nonces.remove(session);
            if (nonce == null) {
                TestTls.reply(ex, 200, "{\"code\":7,\"result\":\"\"}");
                return;
            }
            byte[] expected = AuthToken.compute(secret, nonce);
            if (!MessageDigest.isEqual(expected, Base64Url.decode(auth, 16).orElse(new byte[0]))) {
                TestTls.reply(ex, 200, "{\"code\":8,\"result\":\"\"}");
                return;
            }
        }
        TestTls.reply(ex, 200, f.apply(body == null ? null : body.get("data")));
    }

    static String ok(String resultJson) {
        return "{\"code\":0,\"result\":" + resultJson + "}";
    }

    static String okText(String s) {
        return ok("\"" + s + "\"");
    }

    @Override
    public void close() {
        tls.close();
    }
}
