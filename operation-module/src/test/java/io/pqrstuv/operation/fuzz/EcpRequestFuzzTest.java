package io.pqrstuv.operation.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.ecp.Api;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.operation.api.ApiTable;
import io.pqrstuv.operation.http.EcpHandler;
import io.pqrstuv.operation.http.JsonErrorHandler;
import io.pqrstuv.operation.icp.InProcessStorage;
import io.pqrstuv.operation.syslog.AuditLog;
import io.pqrstuv.operation.syslog.SyslogConfigStore;
import io.pqrstuv.storage.command.CommandProcessor;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import io.pqrstuv.storage.info.InfoMap;
import io.pqrstuv.storage.store.InMemoryStorage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;

/**
 * Jazzer target of the ECP request layer: raw HTTP/1.1 requests into the operation module's real
 * {@link EcpHandler} and API table on an in-process Jetty (a {@link LocalConnector}: no TLS, no
 * sockets, the same HTTP compliance settings as the device), backed by the real storage module's
 * command processor. Requests are fuzzed at every level: raw bytes; method, path and the Session,
 * Authorization and Content-Type headers (valid, missing, repeated, malformed base64url); JSON
 * bodies built per API around fuzzed values, or raw body bytes. The harness makes real sessions
 * (/init) and imports an Ed25519 key it holds, so it can also sign /set_syslog documents. Checks:
 * <ul>
 *   <li>every error is the bare {@code {}} body; a 200 body is {@code {"code": 0..255, "result": ...}};
 *   <li>no 500: with a working storage module behind it, a 500 would mean the ECP layer failed on
 *       input (except /renew_tls, whose openssl step is not wired here);
 *   <li>the D-27 order: a 403 or 404 sends nothing to the storage module; a 400 or 417 at most the
 *       GET_INFO or GET_PUB the API needs first;
 *   <li>the Session and Authorization bytes reach the storage module verbatim (ECP-HDR-7);
 *   <li>/ping echoes its data; strict base64url: a string decodes exactly when it is the canonical
 *       encoding of what it decodes to;
 *   <li>after every input a plain /ping still answers correctly (nothing corrupted).
 * </ul>
 * Regression mode under {@code mvn verify}; {@code scripts/fuzz} fuzzes.
 */
class EcpRequestFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Api[] APIS = Api.values();
    private static final String[] METHODS = {"GET", "POST", "POST", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "P0ST"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
        "Application/JSON", "application/json;", "text/plain", "application/jsonx", ""};
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-12-04T00:00:00Z"));
    private static final Harness H = new Harness();

    /** One device for the whole fuzzing process (starting Jetty per input would swamp the run). */
    static final class Harness {
        final InProcessStorage storage;
        final LocalConnector connector;
        final KeyPair ed25519;
        final List<String> ids = new ArrayList<>();
        String importedId;

        Harness() {
            try {
                InstantSource clock = NOW::get;
                CommandProcessor processor = new CommandProcessor(new JcaDeviceCrypto(), new InMemoryStorage(),
                        new DrbgEntropySource(), clock, new InfoMap("00000000-0000-4000-8000-0000000ec9f1",
                                Algorithm.PROFILE));
                storage = new InProcessStorage(processor);
                AuditLog audit = new AuditLog((target, severity, message) -> { },
                        new SyslogConfigStore(Files.createTempDirectory("ecp-fuzz")));
                Server server = new Server();
                HttpConfiguration http = new HttpConfiguration();
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setHttpCompliance(HttpCompliance.RFC9110);
                http.setUriCompliance(UriCompliance.UNSAFE);
                connector = new LocalConnector(server, new HttpConnectionFactory(http));
                server.addConnector(connector);
                server.setHandler(new EcpHandler(ApiTable.create(storage, audit, null), audit));
                server.setErrorHandler(new JsonErrorHandler());
                server.start();
                ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** A parsed HTTP response. */
    record Reply(int status, String head, byte[] body) {
    }

    @FuzzTest(maxDuration = "60s")
    void ecpRequestsGetProtocolAnswersAndNeverCorruptTheDevice(FuzzedDataProvider data) throws Exception {
        NOW.updateAndGet(t -> t.plus(Duration.ofMinutes(31))); // no lockout carries over between inputs
        if (H.importedId == null) {
            H.importedId = importEd25519();
        }
        switch (data.consumeInt(0, 7)) {
            case 0 -> base64url(data.consumeString(64));
            case 1 -> raw(data.consumeBytes(data.consumeInt(0, 3000)));
            default -> structured(data);
        }
        Reply ping = exchange(request("POST", "/ping", List.of("Session: AAAAAA",
                "Authorization: AAAAAAAAAAAAAAAAAAAAAA", "Content-Type: application/json"), "{\"data\":\"AQID\"}"));
        assertThat(ping.status()).as("a plain /ping after the input").isEqualTo(200);
        assertThat(new String(ping.body(), StandardCharsets.UTF_8)).isEqualTo("{\"code\":0,\"result\":\"AQID\"}");
    }

    /** Strict base64url (D-28): accepted exactly when canonical. */
    private static void base64url(String s) {
        Optional<byte[]> decoded = Base64Url.decode(s);
        if (decoded.isPresent()) {
            assertThat(Base64Url.encode(decoded.get())).isEqualTo(s);
        } else {
            boolean canonical;
            try {
                canonical = Base64Url.encode(java.util.Base64.getUrlDecoder().decode(s)).equals(s);
            } catch (IllegalArgumentException e) {
                canonical = false;
            }
            assertThat(canonical).as("refused a canonical base64url string").isFalse();
        }
    }

    private static void raw(byte[] request) throws Exception {
        H.storage.clear();
        Reply r = exchange(request);
        String text = new String(request, StandardCharsets.ISO_8859_1);
        if (r != null) {
            checkShape(r, text.startsWith("HEAD "));
            if (r.status() == 500) {
                assertThat(text).as("500 for a raw request").contains("/renew_tls");
            }
            if (r.status() == 403 || r.status() == 404) {
                assertThat(H.storage.forwarded()).isEmpty();
            }
        }
    }

    private static void structured(FuzzedDataProvider data) throws Exception {
        Api api = data.pickValue(APIS);
        String method = data.consumeInt(0, 5) > 0 ? api.method() : data.pickValue(METHODS);
        String path = switch (data.consumeInt(0, 8)) {
            case 0 -> api.path() + data.consumeString(6);
            case 1 -> "/" + data.consumeString(12);
            case 2 -> api.path().toUpperCase(Locale.ROOT);
            default -> api.path();
        };
        path = path.replaceAll("\\s", ""); // a request line has no white space in its target
        String session = null;
        byte[] token = null;
        boolean authenticated = data.consumeBoolean();
        if (authenticated) {
            JsonNode init = call("/init", "{\"data\":null}");
            session = init.get("session").asText();
            token = AuthToken.compute(new byte[0], Base64Url.decode(init.get("nonce").asText()).orElseThrow());
        }
        List<String> headers = new ArrayList<>();
        String sessionText = header(data, "Session", session != null ? session : "AAAAAA", Sessions.LENGTH, headers);
        String tokenText = header(data, "Authorization",
                token != null ? Base64Url.encode(token) : "AAAAAAAAAAAAAAAAAAAAAA", AuthToken.LENGTH, headers);
        String body = "";
        if ("POST".equals(method) || data.consumeBoolean()) {
            int ct = data.consumeInt(0, CONTENT_TYPES.length + 2);
            if (ct < CONTENT_TYPES.length) {
                headers.add("Content-Type: " + CONTENT_TYPES[ct]);
            } else if (ct == CONTENT_TYPES.length) {
                headers.add("Content-Type: " + data.consumeString(30));
            } // else none
            body = data.consumeBoolean() ? JSON.writeValueAsString(body(api, data)) : data.consumeString(600);
        }
        H.storage.clear();
        Reply r = exchange(request(method, path, headers, body));
        List<RequestPayload> sent = H.storage.forwarded();
        assertThat(r).as("a complete request gets an answer").isNotNull();
        checkShape(r, "HEAD".equals(method));
        // The route is the raw path (nothing decoded, D-27) without the query or fragment.
        String routePath = path.split("[?#]", 2)[0];
        Api routed = Api.byPath(routePath).filter(a -> a.method().equals(method)).orElse(null);
        if (routed == null) {
            assertThat(r.status()).as("unrouted %s %s", method, path).isIn(404, 400, 505);
        }
        if (r.status() == 500) {
            assertThat(routed).as("500 on %s", path).isEqualTo(Api.RENEW_TLS);
        }
        if (r.status() == 403 || r.status() == 404) {
            assertThat(sent).as("a %d reached the storage module", r.status()).isEmpty();
        }
        if (r.status() == 400 || r.status() == 417) {
            assertThat(sent).allMatch(p -> p.command() == Command.GET_INFO.code() || p.command() == Command.GET_PUB.code(),
                    "only the GET_INFO or GET_PUB the API needs first");
        }
        if (routed != null && sessionText != null && tokenText != null) {
            for (RequestPayload p : sent) {
                if (p.command() == Command.GET_INFO.code() && routed != Api.INFO) {
                    continue; // the cached device profile (/import), sent on the operation module's own behalf
                }
                assertThat(Sessions.toBytes(p.session())).isEqualTo(Base64Url.decode(sessionText).orElseThrow());
                assertThat(p.token()).isEqualTo(Base64Url.decode(tokenText).orElseThrow());
            }
        }
        if (routed == Api.PING && r.status() == 200 && body.startsWith("{\"data\":\"")) {
            JsonNode reply = JSON.readTree(r.body());
            JsonNode sentData = JSON.readTree(body).get("data");
            if (reply.get("code").asInt() == 0) {
                assertThat(reply.get("result").asText()).as("/ping echoes").isEqualTo(sentData.asText());
            }
        }
        if ((routed == Api.DEVICE_RESET || routed == Api.CRYPTO_RESET || routed == Api.KEY_DELETE) && r.status() == 200
                && JSON.readTree(r.body()).get("code").asInt() == 0) {
            H.ids.clear(); // (a single deletion may have hit any of them: start over)
            H.importedId = null; // imported again before the next input
        }
        if ((routed == Api.KEYGEN || routed == Api.IMPORT) && r.status() == 200) {
            JsonNode reply = JSON.readTree(r.body());
            if (reply.get("code").asInt() == 0) {
                assertThat(Base64Url.decode(reply.get("result").asText(), 16)).isPresent();
                if (H.ids.size() < 32) {
                    H.ids.add(reply.get("result").asText());
                }
            }
        }
    }

    /** Adds the header as the fuzzer wants it: the valid value, missing, repeated or malformed; returns the value if sent once. */
    private static String header(FuzzedDataProvider data, String name, String valid, int length, List<String> headers) {
        switch (data.consumeInt(0, 9)) {
            case 0 -> {
                return null; // missing
            }
            case 1 -> {
                headers.add(name + ": " + valid);
                headers.add(name + ": " + valid);
                return null;
            }
            case 2 -> {
                String v = data.consumeString(40).replaceAll("[\\r\\n]", "");
                headers.add(name + ": " + v);
                return Base64Url.decode(v, length).isPresent() ? v : null;
            }
            case 3 -> {
                String v = valid + "=";
                headers.add(name + ": " + v);
                return null;
            }
            default -> {
                headers.add(name + ": " + valid);
                return valid;
            }
        }
    }

    /** A request body for {@code api}: {"data": ...} with fuzzed values of the right and wrong types. */
    private static JsonNode body(Api api, FuzzedDataProvider data) throws Exception {
        ObjectNode root = F.objectNode();
        if (data.consumeInt(0, 15) == 0) {
            return data.consumeBoolean() ? root : F.arrayNode().add(value(data));
        }
        JsonNode v = switch (data.consumeInt(0, 3) == 0 ? Api.INFO : api) {
            case PING -> data.consumeBoolean() ? F.textNode(b64(data)) : value(data);
            case SET_SECRET, KEYGEN, LIST_KEYS -> data.consumeBoolean()
                    ? F.numberNode(data.pickValue(Algorithm.values()).coseId()) : value(data);
            case KEY_DELETE, GET_PUBLIC_KEY -> F.textNode(id(data));
            case IMPORT -> F.textNode(data.consumeBoolean() ? Base64Url.encode(pkcs8(data)) : b64(data));
            case DECAPSULATE -> obj(data, "identifier", F.textNode(id(data)), "ciphertext", F.textNode(b64(data)));
            case SIGN -> obj(data, "identifier", F.textNode(id(data)), "document", F.textNode(b64(data)));
            case CONFIRM_SECRET -> obj(data, "encrypted_secret", F.textNode(b64(data)), "symmetric_key", F.textNode(b64(data)));
            case SET_SYSLOG -> syslog(data);
            case RENEW_TLS -> obj(data, "export", F.booleanNode(data.consumeBoolean()), "country_name", F.textNode(data.consumeString(3)),
                    "state", F.textNode(data.consumeString(8)), "province", F.textNode(""),
                    "organization_name", F.textNode(data.consumeString(8)), "organization_unit_name", F.textNode(""),
                    "common_name", F.textNode(data.consumeString(10)), "identifier", F.textNode(id(data)));
            default -> value(data);
        };
        root.set("data", v);
        if (data.consumeInt(0, 7) == 0) {
            root.set(data.consumeString(8), value(data));
        }
        return root;
    }

    private static ObjectNode obj(FuzzedDataProvider data, Object... pairs) {
        ObjectNode o = F.objectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            if (data.consumeInt(0, 11) == 0) {
                continue; // member missing
            }
            o.set((String) pairs[i], data.consumeInt(0, 11) == 0 ? value(data) : (JsonNode) pairs[i + 1]);
        }
        return o;
    }

    /** /set_syslog data signed with the harness's imported Ed25519 key, over fuzzed syslog JSON. */
    private static JsonNode syslog(FuzzedDataProvider data) throws Exception {
        ObjectNode target = F.objectNode();
        target.put("syslog_server_host", data.consumeBoolean() ? "127.0.0.1" : data.consumeString(40));
        if (data.consumeBoolean()) {
            target.put("syslog_port", data.consumeInt(-5, 70_000));
        } else {
            target.set("syslog_port", value(data));
        }
        byte[] document = data.consumeBoolean() ? JSON.writeValueAsBytes(target) : data.consumeBytes(80);
        Signature ed = Signature.getInstance("Ed25519");
        ed.initSign(H.ed25519.getPrivate());
        ed.update(SignDigest.of(document));
        byte[] signature = ed.sign();
        if (data.consumeInt(0, 5) == 0) {
            signature[data.consumeInt(0, signature.length - 1)] ^= 1;
        }
        return obj(data, "syslog_data", F.textNode(Base64Url.encode(document)), "signature",
                F.textNode(Base64Url.encode(signature)), "identifier", F.textNode(H.importedId));
    }

    private static String id(FuzzedDataProvider data) {
        if (!H.ids.isEmpty() && data.consumeBoolean()) {
            return data.pickValue(H.ids);
        }
        return data.consumeBoolean() ? H.importedId : b64(data);
    }

    /** base64url of fuzzed bytes, sometimes made non-canonical. */
    private static String b64(FuzzedDataProvider data) {
        String s = Base64Url.encode(data.consumeBytes(data.consumeInt(0, 120)));
        return switch (data.consumeInt(0, 9)) {
            case 0 -> s + "=";
            case 1 -> s.replace('-', '+').replace('_', '/');
            case 2 -> s + data.consumeString(2);
            default -> s;
        };
    }

    private static byte[] pkcs8(FuzzedDataProvider data) {
        byte[] der = H.ed25519.getPrivate().getEncoded();
        if (data.consumeBoolean()) {
            der[data.consumeInt(0, der.length - 1)] ^= (byte) data.consumeInt(1, 255);
        }
        return der;
    }

    private static JsonNode value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 9)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(data.consumeBoolean());
            case 2 -> F.numberNode(data.consumeLong());
            case 3 -> F.numberNode(data.consumeDouble());
            case 4 -> F.arrayNode().add(data.consumeInt());
            case 5 -> F.objectNode().put(data.consumeString(6), data.consumeString(6));
            case 6 -> F.numberNode(new java.math.BigInteger(1, data.consumeBytes(12)));
            default -> F.textNode(data.consumeString(40));
        };
    }

    /** Every error body is {}; every 200 body is {"code": n, "result": string or object}. */
    private static void checkShape(Reply r, boolean head) throws Exception {
        assertThat(r.head().toLowerCase(Locale.ROOT)).doesNotContain("server:").doesNotContain("jetty");
        if (head) {
            return;
        }
        if (r.status() != 200) {
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as("error body of a %d", r.status()).isEqualTo("{}");
            return;
        }
        JsonNode reply = JSON.readTree(r.body());
        assertThat(reply.isObject()).isTrue();
        assertThat(reply.size()).isEqualTo(2);
        assertThat(reply.get("code").isInt()).isTrue();
        assertThat(reply.get("code").asInt()).isBetween(0, 255);
        JsonNode result = reply.get("result");
        assertThat(result.isTextual() || result.isObject()).as("result of %s", reply).isTrue();
        if (reply.get("code").asInt() != 0) {
            assertThat(result.asText()).as("an error code has no result").isEmpty();
        }
    }

    /** /init or another unauthenticated call; returns its result. */
    private static JsonNode call(String path, String body) throws Exception {
        Reply r = exchange(request("POST", path, List.of("Session: AAAAAA", "Authorization: AAAAAAAAAAAAAAAAAAAAAA",
                "Content-Type: application/json"), body));
        assertThat(r.status()).isEqualTo(200);
        return JSON.readTree(r.body()).get("result");
    }

    /** Imports the harness's Ed25519 key (its PKCS#8) and returns its identifier. */
    private static String importEd25519() throws Exception {
        JsonNode init = call("/init", "{\"data\":null}");
        byte[] token = AuthToken.compute(new byte[0], Base64Url.decode(init.get("nonce").asText()).orElseThrow());
        Reply r = exchange(request("POST", "/import", List.of("Session: " + init.get("session").asText(),
                "Authorization: " + Base64Url.encode(token), "Content-Type: application/json"),
                "{\"data\":\"" + Base64Url.encode(H.ed25519.getPrivate().getEncoded()) + "\"}"));
        JsonNode reply = JSON.readTree(r.body());
        assertThat(reply.get("code").asInt()).isZero();
        return reply.get("result").asText();
    }

    private static byte[] request(String method, String path, List<String> headers, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder();
        s.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: device\r\n");
        for (String h : headers) {
            s.append(h).append("\r\n");
        }
        s.append("Content-Length: ").append(b.length).append("\r\nConnection: close\r\n\r\n");
        byte[] head = s.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + b.length);
        System.arraycopy(b, 0, out, head.length, b.length);
        return out;
    }

    /** One request on a fresh local connection; null when Jetty closes it without an answer. */
    private static Reply exchange(byte[] request) throws Exception {
        LocalConnector.LocalEndPoint endpoint = H.connector.connect();
        endpoint.addInput(ByteBuffer.wrap(request));
        endpoint.addInputEOF();
        ByteBuffer response = endpoint.waitForResponse(false, 10, TimeUnit.SECONDS);
        endpoint.close();
        if (response == null || !response.hasRemaining()) {
            return null;
        }
        byte[] all = new byte[response.remaining()];
        response.get(all);
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("response head of %s", text).isPositive();
        String head = text.substring(0, end);
        int status = Integer.parseInt(head.substring(9, 12));
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        return new Reply(status, head, body);
    }
}
