package io.pqrstuv.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pqrstuv.client.error.DeviceException;
import io.pqrstuv.client.error.MalformedResponseException;
import io.pqrstuv.ecp.Api;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict ECP JSON: request bodies and the parsing of 200 replies. A reply that deviates from the
 * shape the spec and notes fix (D-21, D-24, D-25) is a {@link MalformedResponseException}, never a
 * silently accepted half-answer.
 */
final class EcpCodec {
    private static final Set<String> REPLY_MEMBERS = Set.of("code", "result");
    private static final Set<String> INIT_MEMBERS = Set.of("session", "nonce");
    private static final Set<String> LIST_MEMBERS = Set.of("count", "identifiers");

    private EcpCodec() {
    }

    /** {@code {"data": data}}. */
    static byte[] body(JsonNode data) {
        ObjectNode o = Json.object();
        o.set("data", data);
        return Json.bytes(o);
    }

    /**
     * {@code {"data":"<b64u>"}} built directly as bytes, so sensitive content (a private key for
     * /import) never becomes an immutable String; the caller zeroizes the result.
     */
    static byte[] base64Body(byte[] payload) {
        byte[] enc = java.util.Base64.getUrlEncoder().withoutPadding().encode(payload);
        byte[] head = "{\"data\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + enc.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(enc, 0, out, head.length, enc.length);
        System.arraycopy(tail, 0, out, head.length + enc.length, tail.length);
        java.util.Arrays.fill(enc, (byte) 0);
        return out;
    }

    /** Parses a 200 body; returns {@code result} when code is 0, otherwise throws the device error. */
    static JsonNode result(Api api, byte[] body) throws MalformedResponseException, DeviceException {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (IOException e) {
            throw new MalformedResponseException(api, "not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException(api, "not a JSON object");
        }
        exactMembers(api, root, REPLY_MEMBERS, "reply");
        JsonNode code = root.get("code");
        if (!code.isIntegralNumber() || !code.canConvertToInt() || code.intValue() < 0 || code.intValue() > 255) {
            throw new MalformedResponseException(api, "\"code\" is not an integer 0..255");
        }
        ResponseCode rc = ResponseCode.fromByte(code.intValue())
                .orElseThrow(() -> new MalformedResponseException(api, "undefined response code " + code.intValue()));
        JsonNode result = root.get("result");
        if (!result.isTextual() && !result.isObject()) {
            throw new MalformedResponseException(api, "\"result\" is neither a string nor an object");
        }
        if (rc != ResponseCode.SUCCESS) {
            if (!result.isTextual() || !result.textValue().isEmpty()) {
                throw new MalformedResponseException(api, "an error reply must have an empty result");
            }
            throw DeviceException.of(api, rc);
        }
        return result;
    }

    static void empty(Api api, JsonNode result) throws MalformedResponseException {
        if (!result.isTextual() || !result.textValue().isEmpty()) {
            throw new MalformedResponseException(api, "expected an empty result");
        }
    }

    static byte[] bytes(Api api, JsonNode result, boolean allowEmpty) throws MalformedResponseException {
        if (!result.isTextual()) {
            throw new MalformedResponseException(api, "expected a base64url string");
        }
        byte[] b = Base64Url.decode(result.textValue())
                .orElseThrow(() -> new MalformedResponseException(api, "result is not canonical unpadded base64url"));
        if (!allowEmpty && b.length == 0) {
            throw new MalformedResponseException(api, "result is empty");
        }
        return b;
    }

    static KeyId keyId(Api api, JsonNode node) throws MalformedResponseException {
        if (!node.isTextual()) {
            throw new MalformedResponseException(api, "expected a key identifier string");
        }
        return new KeyId(Base64Url.decode(node.textValue(), KeyIds.LENGTH)
                .orElseThrow(() -> new MalformedResponseException(api, "identifier is not base64url of 16 bytes")));
    }

    static SessionGrant init(JsonNode result) throws MalformedResponseException {
        Api api = Api.INIT;
        if (!result.isObject()) {
            throw new MalformedResponseException(api, "expected an object {session, nonce}");
        }
        exactMembers(api, result, INIT_MEMBERS, "result");
        JsonNode s = result.get("session");
        JsonNode n = result.get("nonce");
        if (!s.isTextual() || !n.isTextual()) {
            throw new MalformedResponseException(api, "session and nonce must be strings");
        }
        byte[] session = Base64Url.decode(s.textValue(), 4)
                .orElseThrow(() -> new MalformedResponseException(api, "session is not base64url of 4 bytes"));
        byte[] nonce = Base64Url.decode(n.textValue(), 16)
                .orElseThrow(() -> new MalformedResponseException(api, "nonce is not base64url of 16 bytes"));
        int id = (session[0] & 0xFF) << 24 | (session[1] & 0xFF) << 16 | (session[2] & 0xFF) << 8 | (session[3] & 0xFF);
        if (id == 0 || id == -1) {
            throw new MalformedResponseException(api, "the device allotted a reserved session id");
        }
        return new SessionGrant(session, nonce);
    }

    static KeyList keyList(Algorithm algorithm, JsonNode result) throws MalformedResponseException {
        Api api = Api.LIST_KEYS;
        if (!result.isObject()) {
            throw new MalformedResponseException(api, "expected an object {count, identifiers}");
        }
        exactMembers(api, result, LIST_MEMBERS, "result");
        JsonNode count = result.get("count");
        JsonNode ids = result.get("identifiers");
        if (!count.isIntegralNumber() || !count.canConvertToInt() || count.intValue() < 0) {
            throw new MalformedResponseException(api, "count is not a non-negative integer");
        }
        if (!ids.isArray()) {
            throw new MalformedResponseException(api, "identifiers is not an array");
        }
        if (ids.size() != count.intValue()) {
            throw new MalformedResponseException(api, "count " + count.intValue() + " but " + ids.size() + " identifiers");
        }
        List<KeyId> out = new ArrayList<>(ids.size());
        for (JsonNode id : ids) {
            KeyId k = keyId(api, id);
            if (!out.isEmpty() && out.getLast().compareTo(k) >= 0) {
                throw new MalformedResponseException(api, "identifiers are not in strictly ascending unsigned order (D-20)");
            }
            out.add(k);
        }
        return new KeyList(algorithm, out);
    }

    static DeviceInfo info(JsonNode result) throws MalformedResponseException {
        Api api = Api.INFO;
        if (!result.isObject()) {
            throw new MalformedResponseException(api, "expected a JSON object");
        }
        JsonNode list = result.get("available_cryptosystems");
        if (list == null || !list.isArray()) {
            throw new MalformedResponseException(api, "available_cryptosystems is missing or not an array");
        }
        List<Algorithm> known = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        for (JsonNode id : list) {
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw new MalformedResponseException(api, "available_cryptosystems holds a non-integer");
            }
            Optional<Algorithm> a = Algorithm.byCoseId(id.intValue());
            if (a.isPresent()) {
                known.add(a.get());
            } else {
                unknown.add(id.intValue());
            }
        }
        JsonNode hash = result.get("token_hash_algo");
        if (hash == null || !hash.isIntegralNumber() || !hash.canConvertToInt()) {
            throw new MalformedResponseException(api, "token_hash_algo is missing or not an integer");
        }
        return new DeviceInfo(text(result, "name"), text(result, "serial_number"), text(result, "manufacturer"),
                text(result, "documentation"), known, unknown, hash.intValue(), Json.text(result));
    }

    private static Optional<String> text(JsonNode o, String name) {
        JsonNode n = o.get(name);
        return n != null && n.isTextual() ? Optional.of(n.textValue()) : Optional.empty();
    }

    private static void exactMembers(Api api, JsonNode o, Set<String> expected, String what)
            throws MalformedResponseException {
        for (String m : expected) {
            if (!o.has(m)) {
                throw new MalformedResponseException(api, what + " lacks \"" + m + "\"");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!expected.contains(name)) {
                throw new MalformedResponseException(api, what + " has an unexpected member");
            }
        }
    }
}
