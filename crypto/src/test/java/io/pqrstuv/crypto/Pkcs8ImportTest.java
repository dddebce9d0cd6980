package io.pqrstuv.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.encoding.KeyEncodings;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.Test;

/** /import conversion (D-22): PKCS#8 from the JDK and from BC, and every error class. */
class Pkcs8ImportTest {
    private static final JcaDeviceCrypto CRYPTO = new JcaDeviceCrypto();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Algorithm> ALL = EnumSet.allOf(Algorithm.class);

    private static Pkcs8Exception.Reason reason(byte[] der, Set<Algorithm> allowed) {
        try {
            KeyEncodings.privateCoseFromPkcs8(der, allowed);
            return null;
        } catch (Pkcs8Exception e) {
            return e.reason();
        }
    }

    /** Imports, checks the public part equals the generator's public key, and that the key signs. */
    private static void assertImports(Algorithm expected, KeyPair pair) throws Exception {
        byte[] cose = KeyEncodings.privateCoseFromPkcs8(pair.getPrivate().getEncoded(), ALL);
        try (PrivateKeyBlob blob = CRYPTO.parsePrivate(cose, ALL)) {
            assertThat(blob.algorithm()).isEqualTo(expected);
            byte[] spki = KeyEncodings.spkiFromPublicCose(CRYPTO.publicCose(blob));
            assertThat(spki).isEqualTo(pair.getPublic().getEncoded());
            if (expected.isSignature()) {
                byte[] digest = SignDigest.of(new byte[] {1, 2, 3});
                assertThat(Signatures.verifyDigest(expected, pair.getPublic(), digest, CRYPTO.sign(blob, digest, RANDOM))).isTrue();
            }
        }
    }

    @Test
    void jdkEcEd25519AndRsaKeysImport() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        assertImports(Algorithm.ES256, ec.generateKeyPair());
        assertImports(Algorithm.ED25519, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        assertImports(Algorithm.RS256, rsa.generateKeyPair());
    }

    @Test
    void rsaUsageOids() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        KeyPair pair = rsa.generateKeyPair();
        PrivateKeyInfo plain = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        var rsaKey = plain;

        byte[] pss = new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS), plain.parsePrivateKey())
                .getEncoded();
        assertThat(algOf(KeyEncodings.privateCoseFromPkcs8(pss, ALL))).isEqualTo(Algorithm.PS256);

        for (var hash : new ASN1ObjectIdentifier[] {NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha512}) {
            AlgorithmIdentifier h = new AlgorithmIdentifier(hash, DERNull.INSTANCE);
            RSAESOAEPparams params = new RSAESOAEPparams(h, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, h),
                    RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM);
            byte[] der = new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, params),
                    plain.parsePrivateKey()).getEncoded();
            assertThat(algOf(KeyEncodings.privateCoseFromPkcs8(der, ALL)))
                    .isEqualTo(hash.equals(NISTObjectIdentifiers.id_sha256) ? Algorithm.RSA_OAEP_256 : Algorithm.RSA_OAEP_512);
        }
        // OAEP with default (SHA-1) parameters is not in the profile.
        byte[] sha1 = new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, new RSAESOAEPparams()),
                plain.parsePrivateKey()).getEncoded();
        assertThat(reason(sha1, ALL)).isEqualTo(Pkcs8Exception.Reason.UNSUPPORTED);
    }

    private static Algorithm algOf(byte[] cose) throws Exception {
        try (PrivateKeyBlob blob = CRYPTO.parsePrivate(cose, ALL)) {
            return blob.algorithm();
        }
    }

    @Test
    void jdkMlDsaAndMlKemExpandedOnlyAreUnsupported() throws Exception {
        assertThat(reason(KeyPairGenerator.getInstance("ML-DSA-44").generateKeyPair().getPrivate().getEncoded(), ALL))
                .isEqualTo(Pkcs8Exception.Reason.UNSUPPORTED);
        assertThat(reason(KeyPairGenerator.getInstance("ML-KEM-768").generateKeyPair().getPrivate().getEncoded(), ALL))
                .isEqualTo(Pkcs8Exception.Reason.UNSUPPORTED);
    }

    @Test
    void bcBothFormIsAcceptedAndChecked() throws Exception {
        for (String name : new String[] {"ML-DSA-65", "ML-KEM-512"}) {
            KeyPair pair = KeyPairGenerator.getInstance(name, TestKeys.BC).generateKeyPair();
            byte[] der = pair.getPrivate().getEncoded();
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
            assertThat(info.getPrivateKey().getOctets()[0]).as("BC exports 'both'").isEqualTo((byte) 0x30);
            Algorithm alg = name.startsWith("ML-DSA") ? Algorithm.ML_DSA_65 : Algorithm.ML_KEM_512;
            assertImports(alg, pair);

            // Seed-only [0] form of the same key.
            ASN1Sequence both = ASN1Sequence.getInstance(info.getPrivateKey().getOctets());
            byte[] seed = ASN1OctetString.getInstance(both.getObjectAt(0)).getOctets();
            byte[] seedOnly = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), new DERTaggedObject(false, 0, new DEROctetString(seed)))
                    .getEncoded();
            assertThat(KeyEncodings.privateCoseFromPkcs8(seedOnly, ALL))
                    .isEqualTo(KeyEncodings.privateCoseFromPkcs8(der, ALL));

            // 'both' whose expanded key does not come from the seed.
            byte[] expanded = ASN1OctetString.getInstance(both.getObjectAt(1)).getOctets().clone();
            expanded[expanded.length - 1] ^= 1;
            byte[] inconsistent = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(),
                    new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new DEROctetString(seed), new DEROctetString(expanded)}))
                    .getEncoded();
            assertThat(reason(inconsistent, ALL)).isEqualTo(Pkcs8Exception.Reason.DECODE);

            // A seed of the wrong length.
            byte[] shortSeed = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(),
                    new DERTaggedObject(false, 0, new DEROctetString(Arrays.copyOf(seed, seed.length - 1)))).getEncoded();
            assertThat(reason(shortSeed, ALL)).isEqualTo(Pkcs8Exception.Reason.DECODE);
        }
    }

    @Test
    void bcSlhDsaImports() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("SLH-DSA-SHA2-128F", TestKeys.BC).generateKeyPair();
        assertImports(Algorithm.SLH_DSA_SHA2_128F, pair);
    }

    @Test
    void embeddedPublicKeyMustMatch() throws Exception {
        // v2 (OneAsymmetricKey) with the matching public key is accepted; a wrong one is refused.
        KeyPair pair = KeyPairGenerator.getInstance("ML-DSA-44", TestKeys.BC).generateKeyPair();
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        byte[] pub = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())
                .getPublicKeyData().getOctets();
        byte[] v2 = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey(), null, pub).getEncoded();
        assertThat(KeyEncodings.privateCoseFromPkcs8(v2, ALL)).isNotEmpty();
        byte[] wrong = pub.clone();
        wrong[10] ^= 1;
        byte[] v2wrong = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey(), null, wrong).getEncoded();
        assertThat(reason(v2wrong, ALL)).isEqualTo(Pkcs8Exception.Reason.DECODE);

        // The JDK's EC PKCS#8 carries no public key; an ECPrivateKey whose [1] publicKey is another point is refused.
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair a = ec.generateKeyPair();
        KeyPair b = ec.generateKeyPair();
        var d = ((java.security.interfaces.ECPrivateKey) a.getPrivate()).getS();
        byte[] otherPoint = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(b.getPublic().getEncoded())
                .getPublicKeyData().getOctets();
        byte[] ownPoint = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(a.getPublic().getEncoded())
                .getPublicKeyData().getOctets();
        AlgorithmIdentifier ecAlg = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.2.1"),
                new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"));
        byte[] good = new PrivateKeyInfo(ecAlg, new org.bouncycastle.asn1.sec.ECPrivateKey(256, d,
                new org.bouncycastle.asn1.DERBitString(ownPoint), null)).getEncoded();
        assertThat(reason(good, ALL)).isNull();
        byte[] bad = new PrivateKeyInfo(ecAlg, new org.bouncycastle.asn1.sec.ECPrivateKey(256, d,
                new org.bouncycastle.asn1.DERBitString(otherPoint), null)).getEncoded();
        assertThat(reason(bad, ALL)).isEqualTo(Pkcs8Exception.Reason.DECODE);
    }

    @Test
    void errors() throws Exception {
        assertThat(reason(new byte[0], ALL)).isEqualTo(Pkcs8Exception.Reason.DECODE);
        assertThat(reason("garbage".getBytes(), ALL)).isEqualTo(Pkcs8Exception.Reason.DECODE);
        byte[] ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
        assertThat(reason(Arrays.copyOf(ed, ed.length - 1), ALL)).as("truncated").isEqualTo(Pkcs8Exception.Reason.DECODE);
        assertThat(reason(Arrays.copyOf(ed, ed.length + 1), ALL)).as("trailing byte").isEqualTo(Pkcs8Exception.Reason.DECODE);
        assertThat(reason(ed, EnumSet.of(Algorithm.ES256))).as("not listed").isEqualTo(Pkcs8Exception.Reason.UNSUPPORTED);
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertThat(reason(p384.generateKeyPair().getPrivate().getEncoded(), ALL)).isEqualTo(Pkcs8Exception.Reason.UNSUPPORTED);
        assertThat(reason(KeyPairGenerator.getInstance("X25519").generateKeyPair().getPrivate().getEncoded(), ALL))
                .isEqualTo(Pkcs8Exception.Reason.UNSUPPORTED);
        // Ed25519 with a 31-byte private key: well-formed DER, wrong content.
        byte[] shortEd = new PrivateKeyInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.101.112")),
                new DEROctetString(new byte[31])).getEncoded();
        assertThat(reason(shortEd, ALL)).isEqualTo(Pkcs8Exception.Reason.DECODE);
    }
}
