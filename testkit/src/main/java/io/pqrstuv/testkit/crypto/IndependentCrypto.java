package io.pqrstuv.testkit.crypto;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.pqrstuv.icp.alg.Algorithm;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The other side of the device's cryptography in tests, written straight against the JDK (and
 * Bouncy Castle for SLH-DSA, which JDK 25 lacks), independent of every project module that could get
 * it wrong the same way: reads a device public key (SPKI, or a public COSE_Key per notes §3.4),
 * verifies a SIGN / {@code /sign} output per notes §3.6 (D-29, D-30), encapsulates to a device KEM
 * key, and builds a {@code /confirm_secret} payload (D-13) as a client would. One copy for the
 * storage module's, the operation module's and the client's tests (issue 13).
 */
public final class IndependentCrypto {
    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NIST_SIG = "2.16.840.1.101.3.4.3.";
    private static final String NIST_KEM = "2.16.840.1.101.3.4.4.";
    private static final Map<Algorithm, String> AKP_OIDS = Map.ofEntries(
            Map.entry(Algorithm.ML_DSA_44, NIST_SIG + "17"), Map.entry(Algorithm.ML_DSA_65, NIST_SIG + "18"),
            Map.entry(Algorithm.ML_DSA_87, NIST_SIG + "19"),
            Map.entry(Algorithm.SLH_DSA_SHA2_128S, NIST_SIG + "20"), Map.entry(Algorithm.SLH_DSA_SHA2_128F, NIST_SIG + "21"),
            Map.entry(Algorithm.SLH_DSA_SHA2_192S, NIST_SIG + "22"), Map.entry(Algorithm.SLH_DSA_SHA2_192F, NIST_SIG + "23"),
            Map.entry(Algorithm.SLH_DSA_SHA2_256S, NIST_SIG + "24"), Map.entry(Algorithm.SLH_DSA_SHA2_256F, NIST_SIG + "25"),
            Map.entry(Algorithm.SLH_DSA_SHAKE_128S, NIST_SIG + "26"), Map.entry(Algorithm.SLH_DSA_SHAKE_128F, NIST_SIG + "27"),
            Map.entry(Algorithm.SLH_DSA_SHAKE_192S, NIST_SIG + "28"), Map.entry(Algorithm.SLH_DSA_SHAKE_192F, NIST_SIG + "29"),
            Map.entry(Algorithm.SLH_DSA_SHAKE_256S, NIST_SIG + "30"), Map.entry(Algorithm.SLH_DSA_SHAKE_256F, NIST_SIG + "31"),
            Map.entry(Algorithm.ML_KEM_512, NIST_KEM + "1"), Map.entry(Algorithm.ML_KEM_768, NIST_KEM + "2"),
            Map.entry(Algorithm.ML_KEM_1024, NIST_KEM + "3"));

    private IndependentCrypto() {
    }

    public static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    public static byte[] sha3(byte[] document) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA3-256").digest(document);
    }

    /** The public COSE_Key as a map; fails if it holds any private label. */
    public static CBORObject publicCoseMap(byte[] cose) {
        CBORObject m = CBORObject.DecodeFromBytes(cose);
        if (m.getType() != CBORType.Map) {
            throw new AssertionError("COSE_Key is not a map");
        }
        int kty = m.get(CBORObject.FromObject(1)).AsInt32();
        int[] privateLabels = switch (kty) {
            case 1, 2 -> new int[] {-4};
            case 3 -> new int[] {-3, -4, -5, -6, -7, -8};
            case 7 -> new int[] {-2};
            default -> throw new AssertionError("unexpected kty " + kty);
        };
        for (int l : privateLabels) {
            if (m.ContainsKey(CBORObject.FromObject(l))) {
                throw new AssertionError("public COSE_Key carries private label " + l);
            }
        }
        return m;
    }

    /** A JCA public key from SubjectPublicKeyInfo DER, with the JDK where it knows the OID, else BC. */
    public static PublicKey publicKey(Algorithm alg, byte[] spki) throws GeneralSecurityException {
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

    /** A JCA public key from a public COSE_Key (notes §3.4); fails if the map is not exactly that key type. */
    public static PublicKey publicKeyFromCose(Algorithm alg, byte[] cose) throws GeneralSecurityException {
        CBORObject m = publicCoseMap(cose);
        if (m.get(CBORObject.FromObject(3)).AsInt32() != alg.coseId()) {
            throw new AssertionError("COSE_Key alg is not " + alg);
        }
        if (m.get(CBORObject.FromObject(1)).AsInt32() != alg.keyType().coseValue()) {
            throw new AssertionError("COSE_Key kty does not match " + alg);
        }
        return switch (alg.keyType()) {
            case AKP -> {
                byte[] pub = m.get(CBORObject.FromObject(-1)).GetByteString();
                byte[] spki = spki(AKP_OIDS.get(alg), pub);
                yield alg.family() == Algorithm.Family.SLH_DSA
                        ? KeyFactory.getInstance("SLH-DSA", BC).generatePublic(new X509EncodedKeySpec(spki))
                        : KeyFactory.getInstance(alg.family() == Algorithm.Family.ML_KEM ? "ML-KEM" : "ML-DSA")
                                .generatePublic(new X509EncodedKeySpec(spki));
            }
            case OKP -> {
                if (m.get(CBORObject.FromObject(-1)).AsInt32() != 6) {
                    throw new AssertionError("crv is not Ed25519");
                }
                yield KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                        spki("1.3.101.112", m.get(CBORObject.FromObject(-2)).GetByteString())));
            }
            case EC2 -> {
                if (m.get(CBORObject.FromObject(-1)).AsInt32() != 1) {
                    throw new AssertionError("crv is not P-256");
                }
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec("secp256r1"));
                ECPoint w = new ECPoint(new BigInteger(1, m.get(CBORObject.FromObject(-2)).GetByteString()),
                        new BigInteger(1, m.get(CBORObject.FromObject(-3)).GetByteString()));
                yield KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p.getParameterSpec(ECParameterSpec.class)));
            }
            case RSA -> KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, m.get(CBORObject.FromObject(-1)).GetByteString()),
                    new BigInteger(1, m.get(CBORObject.FromObject(-2)).GetByteString())));
        };
    }

    /**
     * Verifies a SIGN output made for {@code document}, per notes §3.6: ML-DSA, SLH-DSA and Ed25519
     * sign SHA3-256(document) as their message; ES256, RS256 and PS256 are the SHA3-256 variants over
     * the document itself.
     */
    public static boolean verify(Algorithm alg, PublicKey key, byte[] document, byte[] signature)
            throws GeneralSecurityException {
        byte[] d = sha3(document);
        Signature s;
        byte[] signed = d;
        switch (alg.family()) {
            case ML_DSA -> s = Signature.getInstance("ML-DSA");
            case SLH_DSA -> s = Signature.getInstance(alg.displayName().toUpperCase(Locale.ROOT), BC);
            case EDDSA -> s = Signature.getInstance("Ed25519");
            case ECDSA -> {
                s = Signature.getInstance("SHA3-256withECDSAinP1363Format");
                signed = document;
            }
            case RSA_PKCS1 -> {
                s = Signature.getInstance("SHA3-256withRSA");
                signed = document;
            }
            case RSA_PSS -> {
                s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA3-256", "MGF1", new MGF1ParameterSpec("SHA3-256"), 32, 1));
                signed = document;
            }
            default -> throw new AssertionError(alg + " is not a signature algorithm");
        }
        s.initVerify(key);
        s.update(signed);
        return s.verify(signature);
    }

    /** A ciphertext for the device key and the 32-byte secret it carries. */
    public record Encapsulated(byte[] ciphertext, byte[] secret) {
    }

    /** A client's encapsulation: ML-KEM Encaps, or OAEP encryption of a random 32-byte key (D-13). */
    public static Encapsulated encapsulate(Algorithm alg, PublicKey key) throws GeneralSecurityException {
        return encapsulate(alg, key, RANDOM);
    }

    public static Encapsulated encapsulate(Algorithm alg, PublicKey key, SecureRandom random) throws GeneralSecurityException {
        if (alg.family() == Algorithm.Family.ML_KEM) {
            KEM.Encapsulated e = KEM.getInstance("ML-KEM").newEncapsulator(key, random).encapsulate();
            return new Encapsulated(e.encapsulation(), e.key().getEncoded());
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new Encapsulated(oaep(alg, key, secret, random), secret);
    }

    /** RSA-OAEP as the device decrypts it: SHA-256 or SHA-512 (per the algorithm), MGF1 with the same hash, empty label. */
    public static Cipher oaep(Algorithm alg, PublicKey key) throws GeneralSecurityException {
        return oaepCipher(alg, key, RANDOM);
    }

    public static byte[] oaep(Algorithm alg, PublicKey key, byte[] plaintext, SecureRandom random) throws GeneralSecurityException {
        return oaepCipher(alg, key, random).doFinal(plaintext);
    }

    private static Cipher oaepCipher(Algorithm alg, PublicKey key, SecureRandom random) throws GeneralSecurityException {
        if (alg.family() != Algorithm.Family.RSA_OAEP) {
            throw new IllegalArgumentException(alg + " is not RSA-OAEP");
        }
        String h = alg == Algorithm.RSA_OAEP_256 ? "SHA-256" : "SHA-512";
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), PSource.PSpecified.DEFAULT), random);
        return c;
    }

    /** A {@code /confirm_secret} payload (D-13): {@code encrypted_secret = IV ‖ GCM ciphertext ‖ tag} and the KEM/OAEP ciphertext. */
    public record WrappedSecret(byte[] encryptedSecret, byte[] symmetricKey) {
    }

    /** Wraps {@code newSecret} for the device key {@code key} as a client does for {@code /confirm_secret} (D-13). */
    public static WrappedSecret wrapSecret(Algorithm alg, PublicKey key, byte[] newSecret) throws GeneralSecurityException {
        Encapsulated e = encapsulate(alg, key);
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(e.secret(), "AES"), new GCMParameterSpec(128, iv));
        byte[] ct = gcm.doFinal(newSecret);
        byte[] enc = new byte[12 + ct.length];
        System.arraycopy(iv, 0, enc, 0, 12);
        System.arraycopy(ct, 0, enc, 12, ct.length);
        return new WrappedSecret(enc, e.ciphertext());
    }

    private static byte[] spki(String oid, byte[] raw) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier(oid)), raw).getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
