package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.client.error.CommandFailedException;
import io.pqrstuv.client.error.IncorrectSecretException;
import io.pqrstuv.client.jca.PqrstuvProvider;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import org.junit.jupiter.api.Test;

/**
 * The complete user flow through the SDK and the JCA provider against a whole device (in process,
 * or the external one named by PQRSTUV_E2E_URL, see {@link E2eDevice}), every result checked with
 * independent code ({@link IndependentCrypto}): new secrets via ML-KEM-768 and RSA-OAEP-256, a key of
 * every algorithm /info offers (SLH-DSA: one "f" and one "s" set), list, sign/verify,
 * decapsulation of independent encapsulations, DER import, delete, wrong secret, crypto_reset,
 * device_reset.
 */
class SdkEndToEndTest {
    private static final byte[] DOC = "end-to-end document".getBytes(StandardCharsets.UTF_8);
    /** The SLH-DSA sets exercised; the other ten only differ in parameters and cost time. */
    private static final Set<Algorithm> SLH_DSA_KEPT = Set.of(Algorithm.SLH_DSA_SHA2_128F, Algorithm.SLH_DSA_SHAKE_128S);

    @Test
    void completeUserFlow() throws Exception {
        byte[] s1 = "e2e secret one".getBytes(StandardCharsets.UTF_8);
        byte[] s2 = "e2e secret two, via RSA-OAEP".getBytes(StandardCharsets.UTF_8);
        try (E2eDevice device = E2eDevice.start(); PqrstuvClient c = device.connect()) {
            byte[] original = device.secret();
            DeviceInfo info = c.info();
            assertThat(info.tokenHashAlgorithm()).isEqualTo(-16);
            assertThat(info.algorithms()).contains(Algorithm.ML_KEM_768, Algorithm.RSA_OAEP_256, Algorithm.ML_DSA_65);
            byte[] ping = new byte[100];
            new SecureRandom().nextBytes(ping);
            assertThat(c.ping(ping)).isEqualTo(ping);

            Map<Algorithm, KeyId> made = new LinkedHashMap<>();
            try (AuthorizedSequence seq = c.authorize(original)) {
                seq.setSecret(Algorithm.ML_KEM_768, s1);
            }
            assertThatThrownBy(() -> {
                try (AuthorizedSequence old = c.authorize(original)) {
                    old.listKeys(Algorithm.ES256);
                }
            }).isInstanceOf(IncorrectSecretException.class);

            try (AuthorizedSequence seq = c.authorize(s1)) {
                for (Algorithm a : info.algorithms()) {
                    if (a.family() == Algorithm.Family.SLH_DSA && !SLH_DSA_KEPT.contains(a)) {
                        continue;
                    }
                    KeyId id = seq.keygen(a);
                    made.put(a, id);
                    PublicKey pub = IndependentCrypto.publicKey(a, seq.publicKey(id));
                    if (a.isSignature()) {
                        byte[] sig = seq.sign(id, DOC);
                        assertThat(IndependentCrypto.verify(a, pub, DOC, sig)).as(a.displayName()).isTrue();
                        byte[] other = "another document".getBytes(StandardCharsets.UTF_8);
                        assertThat(IndependentCrypto.verify(a, pub, other, sig)).as(a.displayName() + " other doc").isFalse();
                    } else {
                        IndependentCrypto.Encapsulated e = IndependentCrypto.encapsulate(a, pub);
                        assertThat(seq.decapsulate(id, e.ciphertext())).as(a.displayName()).isEqualTo(e.secret());
                    }
                }
                assertThat(made).hasSizeGreaterThanOrEqualTo(10);
                for (Map.Entry<Algorithm, KeyId> m : made.entrySet()) {
                    assertThat(seq.listKeys(m.getKey()).identifiers()).as(m.getKey().displayName()).containsExactly(m.getValue());
                }

                // A DER (PKCS#8) key pair made here: imported, used, then deleted.
                KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
                ecGen.initialize(new ECGenParameterSpec("secp256r1"));
                for (KeyPair kp : List.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), ecGen.generateKeyPair())) {
                    Algorithm alg = kp.getPublic().getAlgorithm().equals("EC") ? Algorithm.ES256 : Algorithm.ED25519;
                    byte[] der = kp.getPrivate().getEncoded();
                    KeyId imported = seq.importKey(der);
                    Arrays.fill(der, (byte) 0);
                    assertThat(seq.publicKey(imported)).isEqualTo(kp.getPublic().getEncoded());
                    assertThat(seq.listKeys(alg).identifiers()).contains(imported);
                    assertThat(IndependentCrypto.verify(alg, kp.getPublic(), DOC, seq.sign(imported, DOC))).as(alg.displayName())
                            .isTrue();
                    seq.deleteKey(imported);
                    assertThat(seq.listKeys(alg).identifiers()).doesNotContain(imported);
                    assertThatThrownBy(() -> seq.publicKey(imported)).isInstanceOf(CommandFailedException.class);
                }
            }
            try (AuthorizedSequence wrong = c.authorize("not the secret".getBytes(StandardCharsets.UTF_8))) {
                assertThatThrownBy(() -> wrong.listKeys(Algorithm.ES256)).isInstanceOf(IncorrectSecretException.class);
            }

            jcaProvider(c, s1, made);

            try (AuthorizedSequence seq = c.authorize(s1)) {
                seq.setSecret(Algorithm.RSA_OAEP_256, s2);
            }
            try (AuthorizedSequence seq = c.authorize(s2)) {
                assertThat(seq.listKeys(Algorithm.ML_DSA_65).identifiers()).contains(made.get(Algorithm.ML_DSA_65));
                seq.cryptoReset();
                for (Algorithm a : info.algorithms()) {
                    assertThat(seq.listKeys(a).count()).as(a.displayName()).isZero();
                }
                seq.keygen(Algorithm.ES256);
                assertThat(seq.listKeys(Algorithm.ES256).count()).isEqualTo(1);
            }
            try (AuthorizedSequence seq = c.authorize(s2)) {
                seq.deviceReset();
            }
            // D-8: after DEV_RST the secret is empty again and the keys are gone.
            try (AuthorizedSequence seq = c.authorize(new byte[0])) {
                assertThat(seq.listKeys(Algorithm.ES256).count()).isZero();
                if (original.length > 0) {
                    seq.setSecret(Algorithm.ML_KEM_768, original); // an external device gets its secret back
                }
            }
            Arrays.fill(original, (byte) 0);
        } finally {
            Arrays.fill(s1, (byte) 0);
            Arrays.fill(s2, (byte) 0);
        }
    }

    /** Standard JCA calls only: KeyStore aliases, Signature, KEM and Cipher from the provider. */
    private static void jcaProvider(PqrstuvClient c, byte[] secret, Map<Algorithm, KeyId> made) throws Exception {
        PqrstuvProvider p = new PqrstuvProvider(c, secret::clone);
        KeyStore ks = KeyStore.getInstance("PQRSTUV", p);
        ks.load(null, null);
        List<String> aliases = Collections.list(ks.aliases());
        for (KeyId id : made.values()) {
            assertThat(aliases).contains(id.toString());
        }
        for (Algorithm a : List.of(Algorithm.ML_DSA_65, Algorithm.ES256, Algorithm.ED25519, Algorithm.PS256,
                Algorithm.SLH_DSA_SHA2_128F)) {
            if (!made.containsKey(a)) {
                continue;
            }
            String alias = made.get(a).toString();
            assertThat(ks.isKeyEntry(alias)).isTrue();
            Signature s = Signature.getInstance(a.displayName(), p);
            s.initSign((PrivateKey) ks.getKey(alias, null));
            s.update(DOC);
            byte[] sig = s.sign();
            PublicKey pub = IndependentCrypto.publicKey(a, ks.getCertificate(alias).getPublicKey().getEncoded());
            assertThat(IndependentCrypto.verify(a, pub, DOC, sig)).as("JCA " + a.displayName()).isTrue();
        }
        if (made.containsKey(Algorithm.ML_KEM_768)) {
            String alias = made.get(Algorithm.ML_KEM_768).toString();
            PublicKey pub = IndependentCrypto.publicKey(Algorithm.ML_KEM_768, ks.getCertificate(alias).getPublicKey().getEncoded());
            KEM.Encapsulated e = KEM.getInstance("ML-KEM").newEncapsulator(pub).encapsulate();
            KEM.Decapsulator d = KEM.getInstance("ML-KEM-768", p).newDecapsulator((PrivateKey) ks.getKey(alias, null));
            assertThat(d.decapsulate(e.encapsulation()).getEncoded()).isEqualTo(e.key().getEncoded());
        }
        if (made.containsKey(Algorithm.RSA_OAEP_256)) {
            String alias = made.get(Algorithm.RSA_OAEP_256).toString();
            PublicKey pub = IndependentCrypto.publicKey(Algorithm.RSA_OAEP_256, ks.getCertificate(alias).getPublicKey().getEncoded());
            byte[] plain = "thirty-two bytes of key material".getBytes(StandardCharsets.UTF_8);
            byte[] ct = IndependentCrypto.oaep(Algorithm.RSA_OAEP_256, pub).doFinal(plain);
            Cipher dec = Cipher.getInstance("RSA-OAEP-256", p);
            dec.init(Cipher.DECRYPT_MODE, ks.getKey(alias, null));
            assertThat(dec.doFinal(ct)).isEqualTo(plain);
        }
        // deleteEntry is /key_delete: the key is gone from the device, not just from the view.
        String es = made.get(Algorithm.ES256).toString();
        ks.deleteEntry(es);
        KeyStore again = KeyStore.getInstance("PQRSTUV", p);
        again.load(null, null);
        assertThat(Collections.list(again.aliases())).doesNotContain(es).contains(made.get(Algorithm.ML_DSA_65).toString());
    }
}
