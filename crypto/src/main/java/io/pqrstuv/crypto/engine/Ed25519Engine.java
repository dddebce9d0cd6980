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
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** Ed25519 PureEdDSA over the 32-byte digest (D-29). JDK signs; BC derives x from d for IMPORT. */
final class Ed25519Engine implements FamilyEngine {
    static final int KEY_LENGTH = 32;

    @Override
    public CoseMap generate(Algorithm algorithm, SecureRandom random) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("Ed25519");
            kpg.initialize(NamedParameterSpec.ED25519, random);
            KeyPair pair = kpg.generateKeyPair();
            byte[] spki = pair.getPublic().getEncoded();
            byte[] x = Arrays.copyOfRange(spki, spki.length - KEY_LENGTH, spki.length);
            byte[] d = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            return new CoseMap()
                    .put(KTY, Algorithm.KeyType.OKP.coseValue())
                    .put(ALG, algorithm.coseId())
                    .put(CRV, CRV_ED25519)
                    .put(X, x)
                    .put(D, d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 key generation failed", e);
        }
    }

    /** RFC 8032 public key of a private key. */
    static byte[] publicOf(byte[] d) {
        return new Ed25519PrivateKeyParameters(d, 0).generatePublicKey().getEncoded();
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
        PrivateKey privateKey = null;
        try {
            privateKey = Jca.keyFactory("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, key.requireBytes(D)));
            Signature s = Jca.signature("Ed25519");
            s.initSign(privateKey);
            s.update(digest);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        } finally {
            Jca.destroy(privateKey);
        }
    }
}
