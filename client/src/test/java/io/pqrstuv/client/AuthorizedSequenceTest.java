package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.client.error.IncorrectSecretException;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.client.keys.SecretWrappingTest;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The authenticated-call protocol as the client performs it (CLIENT-1..5), against a scripted peer. */
class AuthorizedSequenceTest {
    private static final byte[] ID = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @Test
    void eachCallGetsItsOwnInitAndCorrectToken() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("ML-DSA-65");
        KeyPair kp = g.generateKeyPair();
        try (ScriptedPeer peer = new ScriptedPeer(); PqrstuvClient c = peer.client()) {
            peer.secret = "correct horse".getBytes(StandardCharsets.UTF_8);
            peer.script.put("/keygen", d -> {
                assertThat(d.intValue()).isEqualTo(-49);
                return ScriptedPeer.okText(Base64Url.encode(ID));
            });
            peer.script.put("/get_public_key", d -> ScriptedPeer.okText(Base64Url.encode(kp.getPublic().getEncoded())));
            peer.script.put("/sign", d -> {
                try {
                    Signature s = Signature.getInstance("ML-DSA");
                    s.initSign(kp.getPrivate());
                    s.update(DeviceSignatures.sha3(Base64Url.decode(d.get("document").textValue()).orElseThrow()));
                    return ScriptedPeer.okText(Base64Url.encode(s.sign()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] doc = "hello".getBytes(StandardCharsets.UTF_8);
            byte[] spki;
            byte[] sig;
            KeyId id;
            try (AuthorizedSequence seq = c.authorize("correct horse".getBytes(StandardCharsets.UTF_8))) {
                id = seq.keygen(Algorithm.ML_DSA_65);
                spki = seq.publicKey(id);
                sig = seq.sign(id, doc);
            }
            assertThat(id.bytes()).isEqualTo(ID);
            assertThat(DeviceSignatures.verifyDocument(Algorithm.ML_DSA_65, DeviceKeys.publicKey(spki), doc, sig)).isTrue();
            // CLIENT-5: KEYGEN → GET_PUB → SIGN used three INITs, each session once.
            List<String> paths = peer.requests.stream().map(ScriptedPeer.Request::path).toList();
            assertThat(paths).containsExactly("/init", "/keygen", "/init", "/get_public_key", "/init", "/sign");
            assertThat(peer.requests.stream().filter(r -> !r.path().equals("/init")).map(ScriptedPeer.Request::session).distinct())
                    .hasSize(3);
            assertThat(peer.requests.getFirst().session()).isEqualTo("AAAAAA");
            assertThat(peer.requests.getFirst().authorization()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAA");
            assertThat(peer.requests.getFirst().body().get("data").textValue()).isEmpty();
            assertThat(peer.requests).allSatisfy(r -> assertThat(r.contentType()).isEqualTo("application/json"));
        }
    }

    @Test
    void wrongSecretIsIncorrectSecretException() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(); PqrstuvClient c = peer.client()) {
            peer.script.put("/crypto_reset", d -> ScriptedPeer.okText(""));
            try (AuthorizedSequence seq = c.authorize("hunter2-xyz".getBytes(StandardCharsets.UTF_8))) {
                assertThatThrownBy(seq::cryptoReset)
                        .isInstanceOfSatisfying(IncorrectSecretException.class,
                                e -> assertThat(e.code()).isEqualTo(ResponseCode.INCORRECT_SECRET))
                        .hasMessageNotContaining("hunter2");
            }
            try (AuthorizedSequence seq = c.authorize(new byte[0])) {
                seq.cryptoReset(); // the default secret is empty (D-8)
            }
            String done = c.withSecret(new byte[0], seq -> {
                seq.cryptoReset();
                return "done";
            });
            assertThat(done).isEqualTo("done");
        }
    }

    @Test
    void closedSequenceRefusesAndWipes() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(); PqrstuvClient c = peer.client()) {
            byte[] secret = {1, 2, 3};
            AuthorizedSequence seq = c.authorize(secret);
            seq.close();
            seq.close();
            assertThat(secret).containsExactly(1, 2, 3); // caller's copy untouched: the caller owns it
            assertThatThrownBy(seq::cryptoReset).isInstanceOf(IllegalStateException.class);
            assertThat(seq.toString()).doesNotContain("1, 2, 3");
            assertThat(peer.requests).isEmpty();
        }
    }

    @Test
    void setSecretRunsD13AndContinuesWithTheNewSecret() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("ML-KEM-768");
        KeyPair kp = g.generateKeyPair();
        byte[][] received = new byte[1][];
        try (ScriptedPeer peer = new ScriptedPeer(); PqrstuvClient c = peer.client()) {
            peer.script.put("/set_secret", d -> {
                assertThat(d.intValue()).isEqualTo(-65538);
                return ScriptedPeer.okText(Base64Url.encode(kp.getPublic().getEncoded()));
            });
            peer.script.put("/confirm_secret", d -> {
                byte[] enc = Base64Url.decode(d.get("encrypted_secret").textValue()).orElseThrow();
                byte[] ct = Base64Url.decode(d.get("symmetric_key").textValue()).orElseThrow();
                received[0] = SecretWrappingTest.unwrap(Algorithm.ML_KEM_768, kp.getPrivate(), enc, ct);
                peer.secret = received[0];
                return ScriptedPeer.okText("");
            });
            peer.script.put("/crypto_reset", d -> ScriptedPeer.okText(""));
            byte[] next = "new secret".getBytes(StandardCharsets.UTF_8);
            try (AuthorizedSequence seq = c.authorize(new byte[0])) {
                seq.setSecret(Algorithm.ML_KEM_768, next);
                seq.cryptoReset(); // would be INCORRECT_SECRET if the sequence kept the old secret
            }
            assertThat(received[0]).isEqualTo(next);
            assertThatThrownBy(() -> {
                try (AuthorizedSequence seq = c.authorize(new byte[0])) {
                    seq.setSecret(Algorithm.ML_DSA_44, next);
                }
            }).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> {
                try (AuthorizedSequence seq = c.authorize(new byte[0])) {
                    seq.setSecret(Algorithm.ML_KEM_768, new byte[1024]);
                }
            }).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void requestShapes() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(); PqrstuvClient c = peer.client()) {
            peer.script.put("/list_keys", d -> ScriptedPeer.ok("{\"count\":1,\"identifiers\":[\"" + Base64Url.encode(ID) + "\"]}"));
            peer.script.put("/key_delete", d -> ScriptedPeer.okText(""));
            peer.script.put("/import", d -> ScriptedPeer.okText(Base64Url.encode(ID)));
            peer.script.put("/decapsulate", d -> ScriptedPeer.okText(Base64Url.encode(new byte[32])));
            peer.script.put("/renew_tls", d -> ScriptedPeer.okText(""));
            peer.script.put("/sign", d -> ScriptedPeer.okText(Base64Url.encode(new byte[64])));
            peer.script.put("/set_syslog", d -> ScriptedPeer.okText(""));
            peer.script.put("/device_reset", d -> ScriptedPeer.okText(""));
            peer.script.put("/ping", d -> ScriptedPeer.okText(d.textValue()));
            KeyId id = new KeyId(ID);
            assertThat(c.ping(new byte[] {9, 8, 7})).containsExactly(9, 8, 7);
            try (AuthorizedSequence seq = c.authorize(new byte[0])) {
                assertThat(seq.listKeys(Algorithm.ES256).identifiers()).containsExactly(id);
                seq.deleteKey(id);
                assertThat(seq.importKey(new byte[] {0x30, 0})).isEqualTo(id);
                assertThat(seq.decapsulate(id, new byte[] {1})).hasSize(32);
                seq.renewTls(new TlsRenewal(true, "DE", "Bavaria", "", "Org", "", "hsm.local", id));
                seq.setSyslog(new SyslogTarget("192.168.26.79", 514), id);
                seq.deviceReset();
            }
            var byPath = new java.util.HashMap<String, com.fasterxml.jackson.databind.JsonNode>();
            peer.requests.forEach(r -> byPath.put(r.path(), r.body() == null ? null : r.body().get("data")));
            assertThat(byPath.get("/list_keys").intValue()).isEqualTo(-7);
            assertThat(byPath.get("/key_delete").textValue()).isEqualTo(id.base64Url());
            assertThat(byPath.get("/import").textValue()).isEqualTo("MAA");
            assertThat(byPath.get("/decapsulate").toString())
                    .isEqualTo("{\"identifier\":\"" + id.base64Url() + "\",\"ciphertext\":\"AQ\"}");
            assertThat(byPath.get("/renew_tls").toString()).isEqualTo("{\"export\":true,\"country_name\":\"DE\","
                    + "\"state\":\"Bavaria\",\"province\":\"\",\"organization_name\":\"Org\",\"organization_unit_name\":\"\","
                    + "\"common_name\":\"hsm.local\",\"identifier\":\"" + id.base64Url() + "\"}");
            var syslog = byPath.get("/set_syslog");
            assertThat(new String(Base64Url.decode(syslog.get("syslog_data").textValue()).orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"syslog_server_host\":\"192.168.26.79\",\"syslog_port\":514}");
            assertThat(syslog.get("signature").textValue()).isEqualTo(Base64Url.encode(new byte[64]));
            assertThat(syslog.get("identifier").textValue()).isEqualTo(id.base64Url());
            // the syslog document that was signed is the one sent
            assertThat(peer.requests.stream().filter(r -> r.path().equals("/sign")).findFirst().orElseThrow()
                    .body().get("data").get("document").textValue()).isEqualTo(syslog.get("syslog_data").textValue());
            assertThat(Arrays.asList(byPath.get("/device_reset").textValue())).containsExactly("");
        }
    }
}
