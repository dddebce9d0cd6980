package io.pqrstuv.client.keys;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Verifies what the device's /sign returns, over the original document, with the rules of notes
 * §3.6: the device signs d = SHA3-256(document). ML-DSA, SLH-DSA and Ed25519 sign d itself as the
 * message (D-29); ES256, RS256 and PS256 are the standard SHA3-256 variants over the document (D-30).
 * Callers need not know any of this.
 */
public final class DeviceSignatures {
    private DeviceSignatures() {
    }

    /** A streaming verifier: feed the document, then check the signature. */
    public interface Verifier {
        void update(byte[] data, int off, int len) throws SignatureException;

        /** True when the signature is valid; false when it is not (including when it is malformed). */
        boolean verify(byte[] signature);
    }

    /** SHA3-256, what the device hashes a document with before SIGN. */
    public static byte[] sha3(byte[] document) {
        return sha3().digest(document);
    }

    /** True when {@code signature} is the device's signature over {@code document} under {@code key}. */
    public static boolean verifyDocument(Algorithm algorithm, PublicKey key, byte[] document, byte[] signature)
            throws InvalidKeyException {
        Verifier v = verifier(algorithm, key);
        try {
            v.update(document, 0, document.length);
        } catch (SignatureException e) {
            return false;
        }
        return v.verify(signature);
    }

    /** A verifier for {@code algorithm}; the key must be of that algorithm. */
    public static Verifier verifier(Algorithm algorithm, PublicKey key) throws InvalidKeyException {
        if (!algorithm.isSignature()) {
            throw new InvalidKeyException(algorithm.displayName() + " is not a signature algorithm");
        }
        DeviceKeys.requireAlgorithm(key, algorithm);
        try {
            return switch (algorithm.family()) {
                case ECDSA -> overDocument(Signature.getInstance("SHA3-256withECDSAinP1363Format"), key);
                case RSA_PKCS1 -> overDocument(Signature.getInstance("SHA3-256withRSA"), key);
                case RSA_PSS -> {
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA3-256", "MGF1", new MGF1ParameterSpec("SHA3-256"), 32, 1));
                    yield overDocument(s, key);
                }
                case ML_DSA -> overDigest(Signature.getInstance("ML-DSA"), key);
                case EDDSA -> overDigest(Signature.getInstance("Ed25519"), key);
                case SLH_DSA -> overDigest(Signature.getInstance("SLH-DSA", DeviceKeys.bouncyCastle()), key);
                case ML_KEM, RSA_OAEP -> throw new InvalidKeyException("not a signature algorithm");
            };
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks a verifier for " + algorithm.displayName(), e);
        }
    }

    private static Verifier overDocument(Signature s, PublicKey key) throws InvalidKeyException {
        s.initVerify(key);
        return new Verifier() {
            @Override
            public void update(byte[] data, int off, int len) throws SignatureException {
                s.update(data, off, len);
            }

            @Override
            public boolean verify(byte[] signature) {
                try {
                    return s.verify(signature);
                } catch (SignatureException e) {
                    return false;
                }
            }
        };
    }

    private static Verifier overDigest(Signature s, PublicKey key) throws InvalidKeyException {
        s.initVerify(key);
        MessageDigest md = sha3();
        return new Verifier() {
            @Override
            public void update(byte[] data, int off, int len) {
                md.update(data, off, len);
            }

            @Override
            public boolean verify(byte[] signature) {
                try {
                    s.update(md.digest());
                    return s.verify(signature);
                } catch (SignatureException e) {
                    return false;
                }
            }
        };
    }

    private static MessageDigest sha3() {
        return SignDigest.newDigest();
    }
}
