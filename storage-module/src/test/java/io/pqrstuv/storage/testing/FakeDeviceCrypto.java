package io.pqrstuv.storage.testing;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.icp.alg.Algorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * TEMPORARY test stand-in for the crypto engine, until the real DeviceCrypto lands on main. Keys
 * are JDK/BC key pairs; the blob is a private CBOR map {0: alg, 1: PKCS#8, 2: SPKI}, not a COSE_Key.
 * The public COSE_Key it returns follows notes §3.4, so the black-box tests verify it independently.
 * IMPORT of real COSE_Keys and PS256 are not supported here.
 */
public final class FakeDeviceCrypto implements DeviceCrypto {
    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] SHA3_256_DIGEST_INFO = HexFormat.of().parseHex("3031300d060960864801650304020805000420");

    @Override
    public PrivateKeyBlob generate(Algorithm algorithm, SecureRandom random) {
        try {
            KeyPairGenerator g;
            switch (algorithm.family()) {
                case ML_DSA, ML_KEM -> g = KeyPairGenerator.getInstance(algorithm.displayName());
                case SLH_DSA -> g = KeyPairGenerator.getInstance(algorithm.displayName().toUpperCase(), BC);
                case ECDSA -> {
                    g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"), random);
                }
                case EDDSA -> g = KeyPairGenerator.getInstance("Ed25519");
                default -> {
                    g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
                }
            }
            KeyPair kp = g.generateKeyPair();
            CBORObject map = CBORObject.NewOrderedMap();
            map.set(0, CBORObject.FromObject(algorithm.coseId()));
            map.set(1, CBORObject.FromObject(kp.getPrivate().getEncoded()));
            map.set(2, CBORObject.FromObject(kp.getPublic().getEncoded()));
            return new PrivateKeyBlob(algorithm, map.EncodeToBytes());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public PrivateKeyBlob parsePrivate(byte[] cose, Set<Algorithm> allowed) throws CoseKeyException {
        CBORObject map;
        try {
            map = CBORObject.DecodeFromBytes(cose);
        } catch (RuntimeException e) {
            throw new CoseKeyException(CoseKeyException.Reason.SYNTAX, "not CBOR");
        }
        if (map.getType() != CBORType.Map) {
            throw new CoseKeyException(CoseKeyException.Reason.SYNTAX, "not a map");
        }
        CBORObject alg = map.get(CBORObject.FromObject(3));
        if (alg == null || !alg.isNumber() || Algorithm.byCoseId(alg.AsInt32()).filter(allowed::contains).isEmpty()) {
            throw new CoseKeyException(CoseKeyException.Reason.ALGORITHM_NOT_LISTED, "alg");
        }
        throw new CoseKeyException(CoseKeyException.Reason.MISMATCH, "the fake engine imports nothing");
    }

    @Override
    public byte[] publicCose(PrivateKeyBlob key) {
        byte[] spki = field(key, 2);
        Algorithm a = key.algorithm();
        CBORObject m = CBORObject.NewOrderedMap();
        m.set(1, CBORObject.FromObject(a.keyType().coseValue()));
        m.set(3, CBORObject.FromObject(a.coseId()));
        try {
            switch (a.keyType()) {
                case AKP -> m.set(-1, CBORObject.FromObject(SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes()));
                case OKP -> {
                    m.set(-1, CBORObject.FromObject(6));
                    m.set(-2, CBORObject.FromObject(SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes()));
                }
                case EC2 -> {
                    ECPublicKey ec = (ECPublicKey) KeyFactory.getInstance("EC")
                            .generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
                    m.set(-1, CBORObject.FromObject(1));
                    m.set(-2, CBORObject.FromObject(unsigned(ec.getW().getAffineX(), 32)));
                    m.set(-3, CBORObject.FromObject(unsigned(ec.getW().getAffineY(), 32)));
                }
                case RSA -> {
                    RSAPublicKey rsa = (RSAPublicKey) KeyFactory.getInstance("RSA")
                            .generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
                    m.set(-1, CBORObject.FromObject(unsigned(rsa.getModulus(), 0)));
                    m.set(-2, CBORObject.FromObject(unsigned(rsa.getPublicExponent(), 0)));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return m.EncodeToBytes();
    }

    @Override
    public byte[] sign(PrivateKeyBlob key, byte[] digest, SecureRandom random) {
        if (digest.length != 32 || !key.algorithm().isSignature()) {
            throw new IllegalArgumentException("not a signature key or not a 32-byte digest");
        }
        try {
            PrivateKey pk = privateKey(key);
            Signature s;
            byte[] message = digest;
            switch (key.algorithm().family()) {
                case ML_DSA -> s = Signature.getInstance("ML-DSA");
                case SLH_DSA -> s = Signature.getInstance("SLH-DSA", BC);
                case ECDSA -> s = Signature.getInstance("NONEwithECDSAinP1363Format");
                case EDDSA -> s = Signature.getInstance("Ed25519");
                case RSA_PKCS1 -> {
                    s = Signature.getInstance("NONEwithRSA");
                    message = Arrays.copyOf(SHA3_256_DIGEST_INFO, SHA3_256_DIGEST_INFO.length + 32);
                    System.arraycopy(digest, 0, message, SHA3_256_DIGEST_INFO.length, 32);
                }
                default -> throw new UnsupportedOperationException("the fake engine does not sign " + key.algorithm());
            }
            s.initSign(pk, random);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int ciphertextLength(PrivateKeyBlob key) {
        if (key.algorithm().family() == Algorithm.Family.ML_KEM) {
            return key.algorithm().outputLength();
        }
        try {
            return ((RSAPrivateCrtKey) privateKey(key)).getModulus().bitLength() + 7 >> 3;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] decapsulate(PrivateKeyBlob key, byte[] ciphertext) throws DecapsulationException {
        try {
            PrivateKey pk = privateKey(key);
            if (key.algorithm().family() == Algorithm.Family.ML_KEM) {
                return KEM.getInstance("ML-KEM").newDecapsulator(pk).decapsulate(ciphertext).getEncoded();
            }
            String h = key.algorithm() == Algorithm.RSA_OAEP_256 ? "SHA-256" : "SHA-512";
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.DECRYPT_MODE, pk, new OAEPParameterSpec(h, "MGF1", new MGF1ParameterSpec(h),
                    PSource.PSpecified.DEFAULT));
            return c.doFinal(ciphertext);
        } catch (BadPaddingException | DecapsulateException e) {
            throw new DecapsulationException("failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(PrivateKeyBlob key) throws GeneralSecurityException {
        String name = switch (key.algorithm().family()) {
            case ML_DSA -> "ML-DSA";
            case ML_KEM -> "ML-KEM";
            case ECDSA -> "EC";
            case EDDSA -> "Ed25519";
            case SLH_DSA -> null;
            default -> "RSA";
        };
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(field(key, 1));
        return name == null ? KeyFactory.getInstance("SLH-DSA", BC).generatePrivate(spec)
                : KeyFactory.getInstance(name).generatePrivate(spec);
    }

    private static byte[] field(PrivateKeyBlob key, int label) {
        return CBORObject.DecodeFromBytes(key.cose()).get(CBORObject.FromObject(label)).GetByteString();
    }

    private static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (length > b.length) {
            byte[] p = new byte[length];
            System.arraycopy(b, 0, p, length - b.length, b.length);
            return p;
        }
        return b;
    }
}
