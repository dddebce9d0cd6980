package io.pqrstuv.crypto;

import io.pqrstuv.crypto.scheme.RsaPss;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Verification of device signatures with independent public-key code (notes §3.6). */
public final class Signatures {
    private static final byte[] SHA3_256_DIGEST_INFO = HexFormat.of().parseHex("3031300d060960864801650304020805000420");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Signatures() {
    }

    /**
     * Verifies a SIGN output over the 32-byte digest it was asked to sign.
     *
     * @return false for a wrong or malformed signature, or a digest that is not 32 bytes
     * @throws IllegalArgumentException if {@code algorithm} is not a signature algorithm or the key does not fit it
     */
    public static boolean verifyDigest(Algorithm algorithm, PublicKey key, byte[] digest, byte[] signature) {
        if (!algorithm.isSignature()) {
            throw new IllegalArgumentException(algorithm + " is not a signature algorithm");
        }
        if (digest == null || !SignDigest.hasLength(digest) || signature == null) {
            return false;
        }
        // A fixed-size signature of another length cannot be valid (e.g. an ML-DSA-65 key used as -48).
        if (algorithm.outputLength() != Algorithm.VARIABLE && signature.length != algorithm.outputLength()) {
            return false;
        }
        try {
            return switch (algorithm.family()) {
                case ECDSA -> jca("NONEwithECDSAinP1363Format", null, key, digest, signature);
                case EDDSA -> jca("Ed25519", null, key, digest, signature);
                case ML_DSA -> jca("ML-DSA", null, key, digest, signature);
                case SLH_DSA -> jca("SLH-DSA", BC, key, digest, signature);
                case RSA_PKCS1 -> jca("NONEwithRSA", null, key, digestInfo(digest), signature);
                case RSA_PSS -> pss(key, digest, signature);
                default -> throw new IllegalArgumentException(algorithm + " is not a signature algorithm");
            };
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("the key does not fit " + algorithm, e);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("verifier unavailable for " + algorithm, e);
        }
    }

    /** Verifies an ECP /sign result over the original document (hashes it with SHA3-256 first). */
    public static boolean verifyDocument(Algorithm algorithm, PublicKey key, byte[] document, byte[] signature) {
        return verifyDigest(algorithm, key, SignDigest.of(document), signature);
    }

    private static boolean jca(String name, java.security.Provider provider, PublicKey key, byte[] message, byte[] signature)
            throws GeneralSecurityException {
        Signature v = provider == null ? Signature.getInstance(name) : Signature.getInstance(name, provider);
        v.initVerify(key);
        v.update(message);
        return v.verify(signature);
    }

    private static byte[] digestInfo(byte[] digest) {
        byte[] out = new byte[SHA3_256_DIGEST_INFO.length + digest.length];
        System.arraycopy(SHA3_256_DIGEST_INFO, 0, out, 0, SHA3_256_DIGEST_INFO.length);
        System.arraycopy(digest, 0, out, SHA3_256_DIGEST_INFO.length, digest.length);
        return out;
    }

    /** PSS over a precomputed hash (the JDK's RSASSA-PSS cannot take one). */
    private static boolean pss(PublicKey key, byte[] digest, byte[] signature) throws InvalidKeyException {
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new InvalidKeyException("PS256 needs an RSA public key");
        }
        PSSSigner verifier = RsaPss.rawSigner();
        verifier.init(false, new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent()));
        verifier.update(digest, 0, digest.length);
        return verifier.verifySignature(signature);
    }
}
