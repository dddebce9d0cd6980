package io.pqrstuv.crypto.engine;

import static io.pqrstuv.crypto.cose.CoseLabels.ALG;
import static io.pqrstuv.crypto.cose.CoseLabels.DP;
import static io.pqrstuv.crypto.cose.CoseLabels.DQ;
import static io.pqrstuv.crypto.cose.CoseLabels.E;
import static io.pqrstuv.crypto.cose.CoseLabels.KTY;
import static io.pqrstuv.crypto.cose.CoseLabels.N;
import static io.pqrstuv.crypto.cose.CoseLabels.P;
import static io.pqrstuv.crypto.cose.CoseLabels.Q;
import static io.pqrstuv.crypto.cose.CoseLabels.QINV;
import static io.pqrstuv.crypto.cose.CoseLabels.RSA_D;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.scheme.RsaOaep;
import io.pqrstuv.crypto.scheme.RsaPss;
import io.pqrstuv.icp.alg.Algorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * RSA for RS256/PS256 (D-30, SHA3-256 inside) and RSA-OAEP -41/-42 (D-51). Generated keys are
 * 3072-bit with e = 65537; imports take 2048..4096-bit moduli (D-41).
 */
final class RsaEngine implements FamilyEngine {
    static final int GENERATED_BITS = 3072;
    static final int MIN_BITS = 2048;
    static final int MAX_BITS = 4096;

    /** DER DigestInfo prefix for id-sha3-256 (notes D-30). */
    private static final byte[] SHA3_256_DIGEST_INFO = java.util.HexFormat.of()
            .parseHex("3031300d060960864801650304020805000420");

    private static final int[] LABELS = {N, E, RSA_D, P, Q, DP, DQ, QINV};

    @Override
    public CoseMap generate(Algorithm algorithm, SecureRandom random) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(new RSAKeyGenParameterSpec(GENERATED_BITS, RSAKeyGenParameterSpec.F4), random);
            KeyPair pair = kpg.generateKeyPair();
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
            return new CoseMap()
                    .put(KTY, Algorithm.KeyType.RSA.coseValue())
                    .put(ALG, algorithm.coseId())
                    .put(N, Bytes.minimal(k.getModulus()))
                    .put(E, Bytes.minimal(k.getPublicExponent()))
                    .put(RSA_D, Bytes.minimal(k.getPrivateExponent()))
                    .put(P, Bytes.minimal(k.getPrimeP()))
                    .put(Q, Bytes.minimal(k.getPrimeQ()))
                    .put(DP, Bytes.minimal(k.getPrimeExponentP()))
                    .put(DQ, Bytes.minimal(k.getPrimeExponentQ()))
                    .put(QINV, Bytes.minimal(k.getCrtCoefficient()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    @Override
    public void check(Algorithm algorithm, CoseMap key) throws CoseKeyException {
        for (int label : LABELS) {
            byte[] v = key.requireBytes(label);
            if (v.length == 0 || v[0] == 0) {
                throw FamilyEngine.mismatch("RSA integer " + label + " is empty or has a leading zero");
            }
        }
        BigInteger n = big(key, N);
        BigInteger e = big(key, E);
        BigInteger d = big(key, RSA_D);
        BigInteger p = big(key, P);
        BigInteger q = big(key, Q);
        int bits = n.bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS || bits % 8 != 0) {
            throw FamilyEngine.mismatch("RSA modulus must be 2048..4096 bits, a multiple of 8");
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(n) >= 0) {
            throw FamilyEngine.mismatch("RSA public exponent is invalid");
        }
        if (!p.multiply(q).equals(n)) {
            throw FamilyEngine.mismatch("RSA n is not p·q");
        }
        BigInteger pm1 = p.subtract(BigInteger.ONE);
        BigInteger qm1 = q.subtract(BigInteger.ONE);
        if (d.compareTo(n) >= 0
                || !d.mod(pm1).equals(big(key, DP))
                || !d.mod(qm1).equals(big(key, DQ))
                || !e.multiply(big(key, DP)).mod(pm1).equals(BigInteger.ONE)
                || !e.multiply(big(key, DQ)).mod(qm1).equals(BigInteger.ONE)
                || !q.multiply(big(key, QINV)).mod(p).equals(BigInteger.ONE)
                || big(key, QINV).compareTo(p) >= 0) {
            throw FamilyEngine.mismatch("RSA private exponents are inconsistent with p, q and e");
        }
    }

    private static BigInteger big(CoseMap key, int label) {
        return Bytes.unsigned(key.requireBytes(label));
    }

    private static PrivateKey jcaKey(CoseMap key) throws GeneralSecurityException {
        return Jca.keyFactory("RSA").generatePrivate(new RSAPrivateCrtKeySpec(big(key, N), big(key, E), big(key, RSA_D),
                big(key, P), big(key, Q), big(key, DP), big(key, DQ), big(key, QINV)));
    }

    @Override
    public byte[] sign(Algorithm algorithm, CoseMap key, byte[] digest, SecureRandom random) {
        return switch (algorithm.family()) {
            case RSA_PKCS1 -> signPkcs1(key, digest);
            case RSA_PSS -> signPss(key, digest, random);
            default -> FamilyEngine.super.sign(algorithm, key, digest, random);
        };
    }

    /** EMSA-PKCS1-v1_5 with the SHA3-256 DigestInfo: NONEwithRSA pads exactly the bytes it is given. */
    private static byte[] signPkcs1(CoseMap key, byte[] digest) {
        byte[] digestInfo = new byte[SHA3_256_DIGEST_INFO.length + digest.length];
        System.arraycopy(SHA3_256_DIGEST_INFO, 0, digestInfo, 0, SHA3_256_DIGEST_INFO.length);
        System.arraycopy(digest, 0, digestInfo, SHA3_256_DIGEST_INFO.length, digest.length);
        PrivateKey privateKey = null;
        try {
            privateKey = jcaKey(key);
            Signature s = Jca.signature("NONEwithRSA");
            s.initSign(privateKey);
            s.update(digestInfo);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA PKCS#1 signing failed", e);
        } finally {
            Jca.destroy(privateKey);
        }
    }

    /** RSASSA-PSS on a precomputed hash: the JDK has no raw PSS signer, BC's raw PSSSigner takes mHash directly. */
    private static byte[] signPss(CoseMap key, byte[] digest, SecureRandom random) {
        RSAPrivateCrtKeyParameters params = new RSAPrivateCrtKeyParameters(big(key, N), big(key, E), big(key, RSA_D),
                big(key, P), big(key, Q), big(key, DP), big(key, DQ), big(key, QINV));
        PSSSigner signer = RsaPss.rawSigner();
        signer.init(true, new ParametersWithRandom(params, random));
        signer.update(digest, 0, digest.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("RSA-PSS signing failed", e);
        }
    }

    @Override
    public int ciphertextLength(Algorithm algorithm, CoseMap key) {
        return key.requireBytes(N).length;
    }

    @Override
    public byte[] decapsulate(Algorithm algorithm, CoseMap key, byte[] ciphertext) throws DecapsulationException {
        if (algorithm.family() != Algorithm.Family.RSA_OAEP) {
            return FamilyEngine.super.decapsulate(algorithm, key, ciphertext);
        }
        if (ciphertext.length != ciphertextLength(algorithm, key)) {
            throw new DecapsulationException("ciphertext must be the modulus length");
        }
        PrivateKey privateKey = null;
        try {
            privateKey = jcaKey(key);
            Cipher cipher = Jca.cipher("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, privateKey, RsaOaep.parameters(algorithm));
            return cipher.doFinal(ciphertext);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new DecapsulationException("RSA-OAEP decryption failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP key could not be used", e);
        } finally {
            Jca.destroy(privateKey);
        }
    }
}
