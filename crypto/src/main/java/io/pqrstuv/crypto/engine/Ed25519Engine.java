package io.pqrstuv.crypto.engine;

import static io.pqrstuv.crypto.cose.CoseLabels.ALG;
import static io.pqrstuv.crypto.cose.CoseLabels.CRV;
import static io.pqrstuv.crypto.cose.CoseLabels.CRV_ED25519;
import static io.pqrstuv.crypto.cose.CoseLabels.D;
import static io.pqrstuv.crypto.cose.CoseLabels.KTY;
import static io.pqrstuv.crypto.cose.CoseLabels.X;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 PureEdDSA over the 32-byte digest (D-29), on Bouncy Castle's RFC 8032 functions, which
 * read the 32-byte private key straight from our array (P-90). The JDK's provider needed a key
 * object per signature that held the seed four times, in arrays nothing can wipe (the
 * {@code EdECPrivateKeySpec}, the key's {@code h} and DER, the signature's copy from
 * {@code getBytes()}'s {@code Optional}); here none is made. What remains per signature is RFC 8032's
 * own working data inside BC (SHA-512(d) and the pruned scalar, in local arrays BC does not clear;
 * its SHA-512 clears its state on {@code doFinal}).
 *
 * <p>The public key is re-derived from d for every signature rather than taken from the stored
 * blob: a signer that accepts the public key as input leaks d if it is ever given a wrong one
 * (the "double public key" oracle); re-deriving costs one base-point multiplication.
 */
final class Ed25519Engine implements FamilyEngine {
    static final int KEY_LENGTH = Ed25519.SECRET_KEY_SIZE;

    @Override
    public CoseMap generate(Algorithm algorithm, SecureRandom random) {
        // RFC 8032 §5.1.5: the private key is 32 random octets.
        byte[] d = new byte[KEY_LENGTH];
        random.nextBytes(d);
        return new CoseMap()
                .put(KTY, Algorithm.KeyType.OKP.coseValue())
                .put(ALG, algorithm.coseId())
                .put(CRV, CRV_ED25519)
                .put(X, publicOf(d))
                .put(D, d);
    }

    /** RFC 8032 public key of a private key. */
    static byte[] publicOf(byte[] d) {
        byte[] x = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(d, 0, x, 0);
        return x;
    }

    @Override
    public void check(Algorithm algorithm, CoseMap key) throws CoseKeyException {
        if (key.integer(CRV).orElseThrow() != CRV_ED25519) {
            throw FamilyEngine.mismatch("Ed25519 needs crv Ed25519 (6)");
        }
        byte[] x = key.requireBytes(X);
        byte[] d = key.requireBytes(D);
        if (x.length != KEY_LENGTH || d.length != KEY_LENGTH) {
            throw FamilyEngine.mismatch("Ed25519 x and d must be 32 bytes each");
        }
        if (!MessageDigest.isEqual(publicOf(d), x)) {
            throw FamilyEngine.mismatch("Ed25519 x does not match d");
        }
    }

    @Override
    public byte[] sign(Algorithm algorithm, CoseMap key, byte[] digest, SecureRandom random) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(key.requireBytes(D), 0, digest, 0, digest.length, signature, 0);
        return signature;
    }
}
