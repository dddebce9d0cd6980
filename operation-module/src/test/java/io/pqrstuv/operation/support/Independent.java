package io.pqrstuv.operation.support;

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
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Client-side crypto written straight against the JDK (and Bouncy Castle for SLH-DSA), per notes
 * §3.6 and D-13, independent of the project's crypto module: verifying device signatures,
 * encapsulating to device keys, and building /confirm_secret payloads.
 */
public final class Independent {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Independent() {
    }

    /** A JCA public key from SPKI DER, with the JDK where it knows the OID, else BC. */
    public static PublicKey publicKey(Algorithm alg, byte[] spki) throws Exception {
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

    /** Verifies an ECP /sign result over the document (D-29, D-30). */
    public static boolean verify(Algorithm alg, PublicKey key, byte[] document, byte[] signature) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA3-256").digest(document);
        Signature v = switch (alg.family()) {
            case ECDSA -> Signature.getInstance("SHA3-256withECDSAinP1363Format");
            case RSA_PKCS1 -> Signature.getInstance("SHA3-256withRSA");
            case RSA_PSS -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA3-256", "MGF1", new MGF1ParameterSpec("SHA3-256"), 32, 1));
                yield s;
            }
            case EDDSA -> Signature.getInstance("Ed25519");
            case ML_DSA -> Signature.getInstance("ML-DSA");
            case SLH_DSA -> Signature.getInstance(alg.displayName().toUpperCase(Locale.ROOT), BC);
            default -> throw new IllegalArgumentException(alg + " does not sign");
        };
        v.initVerify(key);
        boolean overDocument = alg.family() == Algorithm.Family.ECDSA || alg.family() == Algorithm.Family.RSA_PKCS1
                || alg.family() == Algorithm.Family.RSA_PSS;
        v.update(overDocument ? document : d);
        return v.verify(signature);
    }

    /** A ciphertext and the 32-byte secret it carries. */
    public record Encapsulated(byte[] ciphertext, byte[] secret) {
    }

    /** ML-KEM Encaps, or RSA-OAEP (SHA-256 / SHA-512, MGF1 same hash, empty label) of a random 32 bytes. */
    public static Encapsulated encapsulate(Algorithm alg, PublicKey key) throws Exception {
        if (alg.family() == Algorithm.Family.ML_KEM) {
            KEM.Encapsulated e = KEM.getInstance("ML-KEM").newEncapsulator(key).encapsulate();
            SecretKey k = e.key();
            return new Encapsulated(e.encapsulation(), k.getEncoded());
        }
        String hash = alg == Algorithm.RSA_OAEP_512 ? "SHA-512" : "SHA-256";
        MGF1ParameterSpec mgf = alg == Algorithm.RSA_OAEP_512 ? MGF1ParameterSpec.SHA512 : MGF1ParameterSpec.SHA256;
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec(hash, "MGF1", mgf, PSource.PSpecified.DEFAULT));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new Encapsulated(c.doFinal(secret), secret);
    }

    /** D-13: returns {encrypted_secret = IV ‖ GCM ciphertext ‖ tag, symmetric_key = KEM/OAEP ciphertext}. */
    public static byte[][] wrapSecret(Algorithm alg, PublicKey key, byte[] newSecret) throws Exception {
        Encapsulated e = encapsulate(alg, key);
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(e.secret(), "AES"), new GCMParameterSpec(128, iv));
        byte[] ct = gcm.doFinal(newSecret);
        byte[] enc = new byte[12 + ct.length];
        System.arraycopy(iv, 0, enc, 0, 12);
        System.arraycopy(ct, 0, enc, 12, ct.length);
        return new byte[][] {enc, e.ciphertext()};
    }
}
