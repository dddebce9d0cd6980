package io.pqrstuv.crypto.fuzz;

import static io.pqrstuv.crypto.fuzz.AcceptedKeys.ALL;
import static io.pqrstuv.crypto.fuzz.AcceptedKeys.CRYPTO;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pqrstuv.crypto.Pkcs8Exception;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.encoding.KeyEncodings;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * Jazzer target of the DER key import (D-22, D-23): PKCS#8 OneAsymmetricKey for /import (the first
 * input byte even) and SubjectPublicKeyInfo for the clients (odd). A PKCS#8 key is either refused
 * with {@link Pkcs8Exception} (DECODE or UNSUPPORTED, no key bytes in the message), or becomes a
 * private COSE_Key the device's own IMPORT check accepts unchanged, of the algorithm its OID names,
 * that is a real key pair ({@link AcceptedKeys}), and that is the same key the JDK reads from the
 * same DER where the JDK reads that type (EC, Ed25519, RSA). An SPKI is refused with
 * {@link Pkcs8Exception} or gives a key whose own encoding reads back to the same key. Regression
 * mode under {@code mvn verify}; {@code scripts/fuzz} fuzzes.
 */
class KeyDerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void derKeysImportAsTheSameKeyOrTypedErrors(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        byte[] der = Arrays.copyOfRange(input, 1, input.length);
        byte[] untouched = der.clone();
        if ((input[0] & 1) == 0) {
            pkcs8(der);
        } else {
            spki(der);
        }
        assertThat(der).as("the parser leaves its input alone").isEqualTo(untouched);
    }

    private static void pkcs8(byte[] der) throws Exception {
        byte[] cose;
        try {
            cose = KeyEncodings.privateCoseFromPkcs8(der, ALL);
        } catch (Pkcs8Exception e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
            AcceptedKeys.assertNoBytesIn(e.getMessage(), der);
            return;
        }
        try (PrivateKeyBlob blob = CRYPTO.parsePrivate(cose, ALL)) {
            assertThat(blob.cose()).as("IMPORT takes the converted key as it is").isEqualTo(cose);
            Algorithm alg = blob.algorithm();
            // Narrowing the allowed set to everything but this algorithm turns acceptance into UNSUPPORTED.
            EnumSet<Algorithm> others = EnumSet.complementOf(EnumSet.of(alg));
            try {
                KeyEncodings.privateCoseFromPkcs8(der, others);
                throw new AssertionError(alg + " imported although it is not allowed");
            } catch (Pkcs8Exception e) {
                assertThat(e.reason()).isEqualTo(Pkcs8Exception.Reason.UNSUPPORTED);
            }
            AcceptedKeys.check(blob);
            sameKeyAsTheJdk(alg, der, blob);
        }
    }

    /** Where the JDK reads the type, it must read the same key: the same public key and private value. */
    private static void sameKeyAsTheJdk(Algorithm alg, byte[] der, PrivateKeyBlob blob) throws Exception {
        String type = switch (alg.family()) {
            case ECDSA -> "EC";
            case EDDSA -> "Ed25519";
            case RSA_PKCS1 -> "RSA";
            default -> null; // PSS/OAEP OIDs, ML-DSA/ML-KEM seeds and SLH-DSA: the JDK's readers differ
        };
        if (type == null) {
            return;
        }
        PrivateKey jdk = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
        PublicKey ours = KeyEncodings.publicKeyFromCose(CRYPTO.publicCose(blob));
        switch (jdk) {
            case ECPrivateKey ec -> {
                java.security.spec.ECPoint w = ((java.security.interfaces.ECPublicKey) ours).getW();
                assertThat(ec.getS().signum()).isPositive();
                var g = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("P-256");
                var q = g.getG().multiply(ec.getS()).normalize();
                assertThat(q.getAffineXCoord().toBigInteger()).isEqualTo(w.getAffineX());
                assertThat(q.getAffineYCoord().toBigInteger()).isEqualTo(w.getAffineY());
            }
            case RSAPrivateKey rsa -> assertThat(rsa.getModulus())
                    .isEqualTo(((java.security.interfaces.RSAPublicKey) ours).getModulus());
            default -> {
                // Ed25519: the JDK derives the public key only when signing; compare signatures instead.
                byte[] message = new byte[32];
                java.security.Signature s = java.security.Signature.getInstance("Ed25519");
                s.initSign(jdk);
                s.update(message);
                byte[] sig = s.sign();
                java.security.Signature v = java.security.Signature.getInstance("Ed25519");
                v.initVerify(ours);
                v.update(message);
                assertThat(v.verify(sig)).as("the JDK's reading of the seed signs for our public key").isTrue();
            }
        }
    }

    private static void spki(byte[] der) throws Exception {
        PublicKey key;
        try {
            key = KeyEncodings.publicKeyFromSpki(der);
        } catch (Pkcs8Exception e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        byte[] encoded = key.getEncoded();
        PublicKey again = KeyEncodings.publicKeyFromSpki(encoded);
        assertThat(again.getEncoded()).isEqualTo(encoded);
        assertThat(again.getAlgorithm()).isEqualTo(key.getAlgorithm());
    }
}
