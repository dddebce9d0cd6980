package io.pqrstuv.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.client.keys.DeviceSignaturesTest;
import io.pqrstuv.client.keys.SecretWrapping;
import io.pqrstuv.client.keys.SecretWrappingTest;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.KEM;

/**
 * A scripted peer holding real key pairs, answering /info, /list_keys, /get_public_key, /sign and
 * /decapsulate the way notes §3.6 describes, so the provider can be exercised end to end at the
 * protocol level. Not a device model (no sessions beyond {@link ScriptedPeer}'s, no limits).
 */
final class KeyHoldingPeer implements AutoCloseable {
    record Held(Algorithm algorithm, KeyPair keys) {
    }

    final ScriptedPeer peer;
    final Map<KeyId, Held> keys = new TreeMap<>();

    KeyHoldingPeer(Algorithm... algorithms) throws Exception {
        peer = new ScriptedPeer();
        SecureRandom r = new SecureRandom();
        for (Algorithm a : algorithms) {
            byte[] id = new byte[16];
            r.nextBytes(id);
            keys.put(new KeyId(id), new Held(a, a.isKem() ? SecretWrappingTest.keyPair(a) : DeviceSignaturesTest.keys(a)));
        }
        peer.script.put("/info", d -> ScriptedPeer.ok("{\"available_cryptosystems\":["
                + java.util.Arrays.stream(Algorithm.values()).map(a -> String.valueOf(a.coseId())).collect(Collectors.joining(","))
                + "],\"token_hash_algo\":-16}"));
        peer.script.put("/list_keys", d -> {
            List<String> ids = new ArrayList<>();
            keys.forEach((k, h) -> {
                if (h.algorithm().coseId() == d.intValue()) {
                    ids.add("\"" + k.base64Url() + "\"");
                }
            });
            return ScriptedPeer.ok("{\"count\":" + ids.size() + ",\"identifiers\":[" + String.join(",", ids) + "]}");
        });
        peer.script.put("/get_public_key", d -> {
            Held h = keys.get(KeyId.parse(d.textValue()));
            return h == null ? "{\"code\":9,\"result\":\"\"}" : ScriptedPeer.okText(Base64Url.encode(h.keys().getPublic().getEncoded()));
        });
        peer.script.put("/sign", d -> sign(d));
        peer.script.put("/decapsulate", d -> decapsulate(d));
    }

    private String sign(JsonNode d) {
        Held h = keys.get(KeyId.parse(d.get("identifier").textValue()));
        if (h == null) {
            return "{\"code\":9,\"result\":\"\"}";
        }
        if (!h.algorithm().isSignature()) {
            return "{\"code\":2,\"result\":\"\"}";
        }
        try {
            byte[] doc = Base64Url.decode(d.get("document").textValue()).orElseThrow();
            return ScriptedPeer.okText(Base64Url.encode(
                    DeviceSignaturesTest.deviceSign(h.algorithm(), h.keys().getPrivate(), DeviceSignatures.sha3(doc))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String decapsulate(JsonNode d) {
        Held h = keys.get(KeyId.parse(d.get("identifier").textValue()));
        if (h == null) {
            return "{\"code\":9,\"result\":\"\"}";
        }
        try {
            byte[] ct = Base64Url.decode(d.get("ciphertext").textValue()).orElseThrow();
            byte[] out;
            if (h.algorithm().family() == Algorithm.Family.ML_KEM) {
                out = KEM.getInstance("ML-KEM").newDecapsulator(h.keys().getPrivate()).decapsulate(ct).getEncoded();
            } else {
                Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
                c.init(Cipher.DECRYPT_MODE, h.keys().getPrivate(), SecretWrapping.oaepParameters(h.algorithm()));
                out = c.doFinal(ct);
            }
            return ScriptedPeer.okText(Base64Url.encode(out));
        } catch (Exception e) {
            return "{\"code\":9,\"result\":\"\"}";
        }
    }

    KeyId idOf(Algorithm a) {
        return keys.entrySet().stream().filter(e -> e.getValue().algorithm() == a).findFirst().orElseThrow().getKey();
    }

    @Override
    public void close() {
        peer.close();
    }
}
