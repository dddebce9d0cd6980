package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.client.jca.PqrstuvProvider;
import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The complete user flow against a whole device (skipped without one, see {@link E2eDevice}):
 * info, ping, set-secret (ML-KEM and RSA-OAEP), keygen/get_public_key/sign/verify for every
 * offered signature algorithm, encapsulate/decapsulate, import, list, delete, wrong secret, the
 * JCA provider, crypto-reset, and the secret restored at the end.
 */
class SdkEndToEndTest {
    private static final byte[] DOC = "end-to-end document".getBytes(StandardCharsets.UTF_8);

    @Test
    void completeUserFlow() throws Exception {
        try (PqrstuvClient c = E2eDevice.connectOrSkip()) {
            DeviceInfo info = c.info();
            assertThat(info.tokenHashAlgorithm()).isEqualTo(-16);
            byte[] ping = new byte[100];
            new SecureRandom().nextBytes(ping);
            assertThat(c.ping(ping)).isEqualTo(ping);

            byte[] original = E2eDevice.secret();
            byte[] s1 = "e2e secret one".getBytes(StandardCharsets.UTF_8);
            List<KeyId> made = new ArrayList<>();
            try (AuthorizedSequence seq = c.authorize(original)) {
                seq.setSecret(Algorithm.ML_KEM_768, s1);
                for (Algorithm a : info.algorithms()) {
                    if (a.isSignature() && !a.displayName().matches("SLH-DSA-.*-(192|256)s")) {
                        KeyId id = seq.keygen(a);
                        made.add(id);
                        DeviceKey k = seq.describeKey(id);
                        assertThat(k.algorithm()).isEqualTo(a);
                        byte[] sig = seq.sign(id, DOC);
                        assertThat(DeviceSignatures.verifyDocument(a, k.publicKey(), DOC, sig)).as(a.displayName()).isTrue();
                        assertThat(seq.listKeys(a).identifiers()).contains(id);
                    } else if (a.isKem()) {
                        KeyId id = seq.keygen(a);
                        made.add(id);
                        DeviceKey k = seq.describeKey(id);
                        DeviceKem.Encapsulation e = DeviceKem.encapsulate(a, k.publicKey(), new SecureRandom());
                        assertThat(seq.decapsulate(id, e.ciphertext())).as(a.displayName()).isEqualTo(e.secret());
                    }
                }
                // import an Ed25519 key and sign with it
                var kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                KeyId imported = seq.importKey(kp.getPrivate().getEncoded());
                assertThat(seq.publicKey(imported)).isEqualTo(kp.getPublic().getEncoded());
                Signature jdk = Signature.getInstance("Ed25519");
                jdk.initVerify(kp.getPublic());
                jdk.update(DeviceSignatures.sha3(DOC));
                assertThat(jdk.verify(seq.sign(imported, DOC))).isTrue();
                seq.deleteKey(imported);
                assertThatThrownBy(() -> seq.publicKey(imported)).isInstanceOf(CommandFailedException.class);
            }
            try (AuthorizedSequence wrong = c.authorize("not the secret".getBytes(StandardCharsets.UTF_8))) {
                assertThatThrownBy(() -> wrong.listKeys(Algorithm.ES256)).isInstanceOf(IncorrectSecretException.class);
            }
            // JCA: KeyStore + Signature with standard calls only
            PqrstuvProvider p = new PqrstuvProvider(c, () -> s1.clone());
            KeyStore ks = KeyStore.getInstance("PQRSTUV", p);
            ks.load(null, null);
            assertThat(ks.size()).isGreaterThanOrEqualTo(made.size());
            if (info.offers(Algorithm.ML_DSA_65)) {
                String alias = Collections2.firstAlias(ks, "ML-DSA-65");
                Signature s = Signature.getInstance("ML-DSA-65", p);
                s.initSign((PrivateKey) ks.getKey(alias, null));
                s.update(DOC);
                byte[] sig = s.sign();
                Signature v = Signature.getInstance("ML-DSA", "SUN");
                v.initVerify(ks.getCertificate(alias).getPublicKey());
                v.update(DeviceSignatures.sha3(DOC));
                assertThat(v.verify(sig)).isTrue();
            }
            try (AuthorizedSequence seq = c.authorize(s1)) {
                seq.cryptoReset();
                for (Algorithm a : info.algorithms()) {
                    assertThat(seq.listKeys(a).count()).isZero();
                }
                seq.setSecret(Algorithm.RSA_OAEP_256, original); // via RSA-OAEP, and back to the start
            }
            Arrays.fill(s1, (byte) 0);
        }
    }

    /** Small helper kept local: first alias whose key has the given algorithm. */
    static final class Collections2 {
        static String firstAlias(KeyStore ks, String alg) throws Exception {
            for (String a : java.util.Collections.list(ks.aliases())) {
                if (ks.getKey(a, null).getAlgorithm().equals(alg)) {
                    return a;
                }
            }
            throw new AssertionError("no " + alg + " key");
        }
    }
}
