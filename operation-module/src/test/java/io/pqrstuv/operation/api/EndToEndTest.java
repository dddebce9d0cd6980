package io.pqrstuv.operation.api;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.TestDevice;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flow a user runs, over HTTPS, checked with independent client code: new secrets with
 * ML-KEM-768 and RSA-OAEP, keys of every algorithm /info lists, signatures verified over
 * SHA3-256(document), decapsulation of independent encapsulations, DER import, delete, resets.
 */
class EndToEndTest {
    /** SLH-DSA "s" sets sign slowly; one of them is exercised, the others are skipped (module test time). */
    private static final Set<Algorithm> SLOW = Set.of(Algorithm.SLH_DSA_SHA2_192S, Algorithm.SLH_DSA_SHA2_256S,
            Algorithm.SLH_DSA_SHAKE_128S, Algorithm.SLH_DSA_SHAKE_192S, Algorithm.SLH_DSA_SHAKE_256S);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestDevice device;
    private static EcpTestClient client;

    @BeforeAll
    static void start() throws Exception {
        assumeFalse(TestDevice.external(), "changes the secret and resets the device: needs a fresh local device");
        device = TestDevice.start();
        client = device.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (device != null) {
            device.close();
        }
    }

    private static List<Algorithm> available() throws Exception {
        Reply info = client.info();
        assertThat(info.code()).isZero();
        List<Algorithm> algs = new ArrayList<>();
        for (JsonNode id : info.result().get("available_cryptosystems")) {
            Algorithm.byCoseId(id.asInt()).ifPresent(algs::add);
        }
        assertThat(algs).isNotEmpty();
        return algs;
    }

    private static PublicKey publicKey(Algorithm alg, String id) throws Exception {
        Reply pub = client.call("/get_public_key", id);
        assertThat(pub.code()).as("get_public_key " + alg).isZero();
        return IndependentCrypto.publicKey(alg, Base64Url.decode(pub.result().asText()).orElseThrow());
    }

    private static byte[] sign(String id, byte[] document) throws Exception {
        Reply sig = client.call("/sign", JSON.createObjectNode().put("identifier", id).put("document", Base64Url.encode(document)));
        assertThat(sig.code()).isZero();
        return Base64Url.decode(sig.result().asText()).orElseThrow();
    }

    private static void setSecret(Algorithm alg, byte[] newSecret) throws Exception {
        Reply init = client.call("/set_secret", alg.coseId());
        assertThat(init.code()).as("set_secret " + alg).isZero();
        PublicKey key = IndependentCrypto.publicKey(alg, Base64Url.decode(init.result().asText()).orElseThrow());
        IndependentCrypto.WrappedSecret wrapped = IndependentCrypto.wrapSecret(alg, key, newSecret);
        Reply conf = client.call("/confirm_secret", JSON.createObjectNode()
                .put("encrypted_secret", Base64Url.encode(wrapped.encryptedSecret())).put("symmetric_key", Base64Url.encode(wrapped.symmetricKey())));
        assertThat(conf.json().toString()).isEqualTo("{\"code\":0,\"result\":\"\"}");
        client.secret(newSecret);
    }

    @Test
    void aUsersWholeSession() throws Exception {
        List<Algorithm> algs = available();

        // New secrets, first with ML-KEM-768, then with RSA-OAEP; the old secret stops working.
        setSecret(Algorithm.ML_KEM_768, "correct horse".getBytes(StandardCharsets.UTF_8));
        assertThat(client.call("/list_keys", -7).code()).isZero();
        setSecret(Algorithm.RSA_OAEP_256, "battery staple".getBytes(StandardCharsets.UTF_8));
        client.secret("correct horse".getBytes(StandardCharsets.UTF_8));
        assertThat(client.call("/list_keys", -7).code()).isEqualTo(8);
        client.secret("battery staple".getBytes(StandardCharsets.UTF_8));

        // Every signature algorithm: keygen, get_public_key, sign, verify independently.
        byte[] document = "the document to sign".getBytes(StandardCharsets.UTF_8);
        for (Algorithm alg : algs) {
            if (!alg.isSignature() || SLOW.contains(alg)) {
                continue;
            }
            Reply gen = client.call("/keygen", alg.coseId());
            assertThat(gen.code()).as("keygen " + alg).isZero();
            String id = gen.result().asText();
            PublicKey key = publicKey(alg, id);
            assertThat(IndependentCrypto.verify(alg, key, document, sign(id, document))).as("signature " + alg).isTrue();
            assertThat(IndependentCrypto.verify(alg, key, "other".getBytes(), sign(id, document))).isFalse();
        }

        // Every KEM algorithm: decapsulate what independent code encapsulated.
        for (Algorithm alg : algs) {
            if (!alg.isKem()) {
                continue;
            }
            String id = client.call("/keygen", alg.coseId()).result().asText();
            IndependentCrypto.Encapsulated e = IndependentCrypto.encapsulate(alg, publicKey(alg, id));
            Reply dec = client.call("/decapsulate", JSON.createObjectNode().put("identifier", id)
                    .put("ciphertext", Base64Url.encode(e.ciphertext())));
            assertThat(dec.code()).as("decapsulate " + alg).isZero();
            assertThat(Base64Url.decode(dec.result().asText()).orElseThrow()).isEqualTo(e.secret());
        }

        // /set_secret for every KEM algorithm gives a DER key independent code accepts (no confirm).
        for (Algorithm alg : algs) {
            if (alg.isKem()) {
                Reply init = client.call("/set_secret", alg.coseId());
                assertThat(init.code()).as("set_secret " + alg).isZero();
                assertThat(IndependentCrypto.publicKey(alg, Base64Url.decode(init.result().asText()).orElseThrow())).isNotNull();
            }
        }

        // /list_keys for every algorithm: count equals the array, unsigned order.
        for (Algorithm alg : algs) {
            Reply l = client.call("/list_keys", alg.coseId());
            assertThat(l.code()).as("list_keys " + alg).isZero();
            List<byte[]> got = new ArrayList<>();
            l.result().get("identifiers").forEach(n -> got.add(Base64Url.decode(n.asText()).orElseThrow()));
            assertThat(l.result().get("count").asInt()).isEqualTo(got.size());
            assertThat(got).isSortedAccordingTo(KeyIds.ORDER);
            if (!SLOW.contains(alg)) {
                assertThat(got).as("keys of " + alg).isNotEmpty();
            }
        }

        // list_keys: count, ids in unsigned byte order.
        List<String> mlDsa = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mlDsa.add(client.call("/keygen", Algorithm.ML_DSA_44.coseId()).result().asText());
        }
        Reply list = client.call("/list_keys", Algorithm.ML_DSA_44.coseId());
        List<byte[]> ids = new ArrayList<>();
        list.result().get("identifiers").forEach(n -> ids.add(Base64Url.decode(n.asText()).orElseThrow()));
        assertThat(list.result().get("count").asInt()).isEqualTo(ids.size()).isGreaterThanOrEqualTo(3);
        assertThat(ids).isSortedAccordingTo(KeyIds.ORDER);

        // Import DER key pairs and use them.
        importAndUse(Algorithm.ES256, ec());
        importAndUse(Algorithm.ED25519, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        importAndUse(Algorithm.RS256, rsa.generateKeyPair());
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        byte[] mlDsaSeedPkcs8 = HexFormat.of().parseHex("3034020100300b0609608648016503040311042280 20".replace(" ", ""));
        byte[] der = new byte[mlDsaSeedPkcs8.length + 32];
        System.arraycopy(mlDsaSeedPkcs8, 0, der, 0, mlDsaSeedPkcs8.length);
        System.arraycopy(seed, 0, der, mlDsaSeedPkcs8.length, 32);
        Reply imp = client.call("/import", Base64Url.encode(der));
        assertThat(imp.code()).as("import ML-DSA-44 seed").isZero();
        String mlId = imp.result().asText();
        assertThat(IndependentCrypto.verify(Algorithm.ML_DSA_44, publicKey(Algorithm.ML_DSA_44, mlId), document, sign(mlId, document))).isTrue();
        assertThat(client.call("/import", Base64Url.encode(new byte[] {0x30, 0x03, 0x02, 0x01})).status()).isEqualTo(417);

        // ML-KEM-768 from a seed-only PKCS#8 (d ‖ z, RFC 9935): import, encapsulate to it, decapsulate.
        byte[] kemSeed = new byte[64];
        RANDOM.nextBytes(kemSeed);
        byte[] kemPrefix = HexFormat.of().parseHex("3054020100300b060960864801650304040204428040");
        byte[] kemDer = new byte[kemPrefix.length + 64];
        System.arraycopy(kemPrefix, 0, kemDer, 0, kemPrefix.length);
        System.arraycopy(kemSeed, 0, kemDer, kemPrefix.length, 64);
        Reply kemImp = client.call("/import", Base64Url.encode(kemDer));
        assertThat(kemImp.code()).as("import ML-KEM-768 seed").isZero();
        String kemId = kemImp.result().asText();
        IndependentCrypto.Encapsulated enc = IndependentCrypto.encapsulate(Algorithm.ML_KEM_768, publicKey(Algorithm.ML_KEM_768, kemId));
        Reply dec = client.call("/decapsulate", JSON.createObjectNode().put("identifier", kemId)
                .put("ciphertext", Base64Url.encode(enc.ciphertext())));
        assertThat(Base64Url.decode(dec.result().asText()).orElseThrow()).isEqualTo(enc.secret());

        // SLH-DSA-SHA2-128f generated by Bouncy Castle: import, sign, verify.
        KeyPairGenerator slh = KeyPairGenerator.getInstance("SLH-DSA", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        slh.initialize(org.bouncycastle.jcajce.spec.SLHDSAParameterSpec.slh_dsa_sha2_128f);
        importAndUse(Algorithm.SLH_DSA_SHA2_128F, slh.generateKeyPair());

        // Delete, crypto_reset, device_reset.
        String gone = mlDsa.getFirst();
        assertThat(client.call("/key_delete", gone).code()).isZero();
        assertThat(client.call("/list_keys", Algorithm.ML_DSA_44.coseId()).result().get("identifiers").toString()).doesNotContain(gone);
        assertThat(client.call("/crypto_reset", "").code()).isZero();
        assertThat(client.call("/list_keys", Algorithm.ML_DSA_44.coseId()).result().get("count").asInt()).isZero();
        assertThat(client.call("/get_public_key", mlId).code()).isEqualTo(9);
        assertThat(client.call("/device_reset", "").code()).isZero();
        client.secret(new byte[0]);
        assertThat(client.call("/list_keys", -7).code()).isZero();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static void importAndUse(Algorithm alg, KeyPair kp) throws Exception {
        Reply imp = client.call("/import", Base64Url.encode(kp.getPrivate().getEncoded()));
        assertThat(imp.code()).as("import " + alg).isZero();
        String id = imp.result().asText();
        Reply pub = client.call("/get_public_key", id);
        assertThat(Base64Url.decode(pub.result().asText()).orElseThrow()).isEqualTo(kp.getPublic().getEncoded());
        byte[] doc = new byte[100];
        RANDOM.nextBytes(doc);
        assertThat(IndependentCrypto.verify(alg, kp.getPublic(), doc, sign(id, doc))).as("imported " + alg).isTrue();
    }
}
