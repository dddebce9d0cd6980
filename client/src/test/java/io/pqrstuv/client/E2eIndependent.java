package io.pqrstuv.client;

import io.pqrstuv.icp.alg.Algorithm;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The other side of the end-to-end checks, written against the JDK (and Bouncy Castle for
 * SLH-DSA, which JDK 25 lacks) only: no SDK class decides whether the device got it right.
 */
final class E2eIndependent {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private E2eIndependent() {
    }

    static PublicKey publicKey(Algorithm alg, byte[] spki) throws Exception {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(spki);
        return switch (alg.family()) {
            case ECDSA -> KeyFactory.getInstance("EC").generatePublic(spec);
            case EDDSA -> KeyFactory.getInstance("Ed25519").generatePublic(spec);
            case RSA_PKCS1, RSA_PSS, RSA_OAEP -> KeyFactory.getInstance("RSA").generatePublic(spec);
            case ML_DSA -> KeyFactory.getInstance("ML-DSA").generatePublic(spec);
            case ML_KEM -> KeyFactory.getInstance("ML-KEM").generatePublic(spec);
            case SLH_DSA -> KeyFactory.getInstance("SLH-DSA", BC).generatePublic(spec);
        };
    }

    /** §3.6 (D-29, D-30): PQ and Ed25519 sign SHA3-256(document); ES/RS/PS are the SHA3-256 variants. */
    static boolean verify(Algorithm alg, PublicKey key, byte[] document, byte[] signature) throws Exception {
        Signature v;
        boolean overDigest = true;
        switch (alg.family()) {
            case ECDSA -> {
                v = Signature.getInstance("SHA3-256withECDSAinP1363Format");
                overDigest = false;
            }
            case RSA_PKCS1 -> {
                v = Signature.getInstance("SHA3-256withRSA");
                overDigest = false;
            }
            case RSA_PSS -> {
                v = Signature.getInstance("RSASSA-PSS");
                v.setParameter(new PSSParameterSpec("SHA3-256", "MGF1", new MGF1ParameterSpec("SHA3-256"), 32, 1));
                overDigest = false;
            }
            case EDDSA -> v = Signature.getInstance("Ed25519");
            case ML_DSA -> v = Signature.getInstance("ML-DSA");
            case SLH_DSA -> v = Signature.getInstance(alg.displayName().toUpperCase(Locale.ROOT), BC);
            default -> throw new IllegalArgumentException(alg + " does not sign");
        }
        v.initVerify(key);
        v.update(overDigest ? MessageDigest.getInstance("SHA3-256").digest(document) : document);
        return v.verify(signature);
    }

    record Encapsulated(byte[] ciphertext, byte[] secret) {
    }

    /** ML-KEM Encaps with the JDK, or RSA-OAEP (hash and MGF1 per the algorithm, empty label) of 32 random bytes. */
    static Encapsulated encapsulate(Algorithm alg, PublicKey key) throws Exception {
        if (alg.family() == Algorithm.Family.ML_KEM) {
            KEM.Encapsulated e = KEM.getInstance("ML-KEM").newEncapsulator(key).encapsulate();
            return new Encapsulated(e.encapsulation(), e.key().getEncoded());
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new Encapsulated(oaep(alg, key).doFinal(secret), secret);
    }

    static Cipher oaep(Algorithm alg, PublicKey key) throws Exception {
        boolean sha512 = alg == Algorithm.RSA_OAEP_512;
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec(sha512 ? "SHA-512" : "SHA-256", "MGF1",
                sha512 ? MGF1ParameterSpec.SHA512 : MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        return c;
    }
}
