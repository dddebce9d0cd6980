package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.client.jca.PqrstuvProvider;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider through standard JCA calls only (KeyStore, Signature, KEM, Cipher), against a
 * key-holding scripted peer; every signature is verified with the JDK or Bouncy Castle providers.
 */
class JcaProviderTest {
    private static final byte[] DATA = "signed through JCA".getBytes(StandardCharsets.UTF_8);
    static KeyHoldingPeer peer;
    static PqrstuvClient client;
    static PqrstuvProvider provider;
    static final AtomicInteger secretsHandedOut = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        peer = new KeyHoldingPeer(Algorithm.ML_DSA_65, Algorithm.ES256, Algorithm.ED25519, Algorithm.RS256, Algorithm.PS256,
                Algorithm.SLH_DSA_SHAKE_128F, Algorithm.ML_KEM_768, Algorithm.RSA_OAEP_256);
        client = peer.peer.client();
        provider = new PqrstuvProvider(client, () -> {
            secretsHandedOut.incrementAndGet();
            return new byte[0];
        });
    }

    @AfterAll
    static void stop() {
        client.close();
        peer.close();
    }

    private static KeyStore loaded() throws Exception {
        KeyStore ks = KeyStore.getInstance("PQRSTUV", provider);
        ks.load(null, new char[0]);
        return ks;
    }

    @Test
    void keyStoreListsEveryKeyWithItsPublicKey() throws Exception {
        KeyStore ks = loaded();
        assertThat(ks.size()).isEqualTo(peer.keys.size());
        assertThat(Collections.list(ks.aliases())).containsExactlyInAnyOrderElementsOf(
                peer.keys.keySet().stream().map(KeyId::base64Url).toList());
        String alias = peer.idOf(Algorithm.ML_DSA_65).base64Url();
        assertThat(ks.isKeyEntry(alias)).isTrue();
        Key k = ks.getKey(alias, null);
        assertThat(k).isInstanceOf(PrivateKey.class);
        assertThat(k.getAlgorithm()).isEqualTo("ML-DSA-65");
        assertThat(k.getEncoded()).isNull();
        assertThat(ks.getCertificate(alias).getPublicKey().getEncoded())
                .isEqualTo(peer.keys.get(peer.idOf(Algorithm.ML_DSA_65)).keys().getPublic().getEncoded());
        assertThat(ks.getKey("AAAAAAAAAAAAAAAAAAAAAA", null)).isNull();
    }

    @Test
    void signaturesVerifyWithTheJdkAndBouncyCastle() throws Exception {
        KeyStore ks = loaded();
        for (Algorithm a : new Algorithm[] {Algorithm.ML_DSA_65, Algorithm.ES256, Algorithm.ED25519, Algorithm.RS256,
            Algorithm.PS256, Algorithm.SLH_DSA_SHAKE_128F}) {
            String alias = peer.idOf(a).base64Url();
            Signature s = Signature.getInstance(a.displayName(), provider);
            s.initSign((PrivateKey) ks.getKey(alias, null));
            s.update(DATA, 0, 5);
            s.update(DATA, 5, DATA.length - 5);
            byte[] sig = s.sign();
            PublicKey pub = ks.getCertificate(alias).getPublicKey();
            assertThat(standardVerify(a, pub, sig)).as(a.displayName()).isTrue();
            Signature v = Signature.getInstance(a.displayName(), provider);
            v.initVerify(pub);
            v.update(DATA);
            assertThat(v.verify(sig)).isTrue();
        }
    }

    /** Notes §3.6, with algorithms of other providers only. */
    private static boolean standardVerify(Algorithm a, PublicKey pub, byte[] sig) throws Exception {
        byte[] d = DeviceSignatures.sha3(DATA);
        Signature s;
        byte[] input = DATA;
        switch (a.family()) {
            case ML_DSA -> { s = Signature.getInstance("ML-DSA", "SUN"); input = d; }
            case EDDSA -> { s = Signature.getInstance("Ed25519", "SunEC"); input = d; }
            case SLH_DSA -> { s = Signature.getInstance("SLH-DSA", new BouncyCastleProvider()); input = d; }
            case ECDSA -> s = Signature.getInstance("SHA3-256withECDSAinP1363Format", "SunEC");
            case RSA_PKCS1 -> s = Signature.getInstance("SHA3-256withRSA", "SunRsaSign");
            case RSA_PSS -> {
                s = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
                s.setParameter(new PSSParameterSpec("SHA3-256", "MGF1", new MGF1ParameterSpec("SHA3-256"), 32, 1));
            }
            default -> throw new IllegalArgumentException();
        }
        s.initVerify(pub);
        s.update(input);
        return s.verify(sig);
    }

    @Test
    void kemDecapsulatesOnTheDevice() throws Exception {
        KeyStore ks = loaded();
        String alias = peer.idOf(Algorithm.ML_KEM_768).base64Url();
        PublicKey pub = ks.getCertificate(alias).getPublicKey();
        KEM.Encapsulated e = KEM.getInstance("ML-KEM").newEncapsulator(pub).encapsulate(); // JDK, locally
        KEM.Decapsulator dec = KEM.getInstance("ML-KEM", provider).newDecapsulator((PrivateKey) ks.getKey(alias, null));
        SecretKey k = dec.decapsulate(e.encapsulation());
        assertThat(k.getEncoded()).isEqualTo(e.key().getEncoded());
        // and the provider's own encapsulator agrees with the JDK's decapsulator
        KEM.Encapsulated mine = KEM.getInstance("ML-KEM-768", provider).newEncapsulator(pub).encapsulate();
        assertThat(KEM.getInstance("ML-KEM").newDecapsulator(peer.keys.get(peer.idOf(Algorithm.ML_KEM_768)).keys().getPrivate())
                .decapsulate(mine.encapsulation()).getEncoded()).isEqualTo(mine.key().getEncoded());
        assertThatThrownBy(() -> KEM.getInstance("ML-KEM-512", provider).newDecapsulator((PrivateKey) ks.getKey(alias, null)))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void oaepUnwrapsOnTheDevice() throws Exception {
        KeyStore ks = loaded();
        String alias = peer.idOf(Algorithm.RSA_OAEP_256).base64Url();
        PublicKey pub = ks.getCertificate(alias).getPublicKey();
        SecretKey aes = new SecretKeySpec(new byte[32], "AES");
        Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding", "SunJCE");
        jdk.init(Cipher.WRAP_MODE, pub, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] wrapped = jdk.wrap(aes);
        Cipher c = Cipher.getInstance("RSA-OAEP-256", provider);
        c.init(Cipher.UNWRAP_MODE, ks.getKey(alias, null));
        assertThat(c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded()).isEqualTo(aes.getEncoded());
        Cipher enc = Cipher.getInstance("RSA-OAEP-256", provider);
        enc.init(Cipher.ENCRYPT_MODE, pub);
        byte[] ct = enc.doFinal(DATA);
        Cipher d = Cipher.getInstance("RSA-OAEP-256", provider);
        d.init(Cipher.DECRYPT_MODE, ks.getKey(alias, null));
        assertThat(d.doFinal(ct)).isEqualTo(DATA);
    }

    @Test
    void misuseIsRefused() throws Exception {
        KeyStore ks = loaded();
        Signature s = Signature.getInstance("ML-DSA-44", provider);
        assertThatThrownBy(() -> s.initSign((PrivateKey) ks.getKey(peer.idOf(Algorithm.ML_DSA_65).base64Url(), null)))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("ML-DSA-65");
        PrivateKey unknown = new io.pqrstuv.client.jca.PqrstuvPrivateKey(new KeyId(new byte[16]), Algorithm.ES256);
        Signature s2 = Signature.getInstance("ES256", provider);
        s2.initSign(unknown);
        s2.update(DATA);
        assertThatThrownBy(s2::sign).isInstanceOf(SignatureException.class).hasMessageContaining("CMD_FAIL");
        assertThatThrownBy(() -> ks.setKeyEntry("x", unknown, null,
                ks.getCertificateChain(peer.idOf(Algorithm.ES256).base64Url()))).isInstanceOf(java.security.KeyStoreException.class);
    }

    @Test
    void registeredProviderIsFoundByName() throws Exception {
        java.security.Security.addProvider(provider);
        try {
            KeyStore ks = KeyStore.getInstance("PQRSTUV");
            ks.load(null, null);
            String alias = peer.idOf(Algorithm.ML_DSA_65).base64Url();
            Signature s = Signature.getInstance("ML-DSA-65", "PQRSTUV");
            s.initSign((PrivateKey) ks.getKey(alias, null));
            s.update(DATA);
            assertThat(standardVerify(Algorithm.ML_DSA_65, ks.getCertificate(alias).getPublicKey(), s.sign())).isTrue();
            String kemAlias = peer.idOf(Algorithm.ML_KEM_768).base64Url();
            KEM.Encapsulated e = KEM.getInstance("ML-KEM").newEncapsulator(ks.getCertificate(kemAlias).getPublicKey()).encapsulate();
            assertThat(KEM.getInstance("ML-KEM", "PQRSTUV").newDecapsulator((PrivateKey) ks.getKey(kemAlias, null))
                    .decapsulate(e.encapsulation()).getEncoded()).isEqualTo(e.key().getEncoded());
            assertThat(Cipher.getInstance("RSA-OAEP-256", "PQRSTUV").getProvider().getName()).isEqualTo("PQRSTUV");
        } finally {
            java.security.Security.removeProvider("PQRSTUV");
        }
    }

    @Test
    void eachDeviceOperationTakesAFreshSecret() throws Exception {
        KeyStore ks = loaded();
        int before = secretsHandedOut.get();
        Signature s = Signature.getInstance("ES256", provider);
        s.initSign((PrivateKey) ks.getKey(peer.idOf(Algorithm.ES256).base64Url(), null));
        s.update(DATA);
        s.sign();
        s.update(DATA);
        s.sign();
        assertThat(secretsHandedOut.get() - before).isEqualTo(2);
    }
}
