package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.jcajce.interfaces.MLDSAPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** IMPORT (ICP-KEY-11..13): keys made by the JDK or BC, imported as private COSE_Keys and used. */
class ImportConformanceTest extends ConformanceBase {

    private static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (length <= b.length) {
            return b;
        }
        byte[] p = new byte[length];
        System.arraycopy(b, 0, p, length - b.length, b.length);
        return p;
    }

    /** A COSE_Key map with labels in deterministic order (1, 3, -1, -2, …). */
    private static CBORObject cose(int kty, int alg) {
        CBORObject m = CBORObject.NewOrderedMap();
        m.set(1, CBORObject.FromObject(kty));
        m.set(3, CBORObject.FromObject(alg));
        return m;
    }

    private byte[] importOk(CBORObject key) {
        ResponsePayload r = auth(Command.IMPORT, key.EncodeToBytes());
        assertCode(r, ResponseCode.SUCCESS);
        assertThat(r.data()).hasSize(16);
        return r.data();
    }

    private void signsFor(Algorithm alg, byte[] id, PublicKey expected) throws Exception {
        byte[] doc = random(77);
        ResponsePayload r = auth(Command.SIGN, concat(id, IndependentCrypto.sha3(doc)));
        assertCode(r, ResponseCode.SUCCESS);
        assertThat(IndependentCrypto.verify(alg, expected, doc, r.data())).isTrue();
        assertThat(IndependentCrypto.publicKeyFromCose(alg, getPub(id)).getEncoded()).isEqualTo(expected.getEncoded());
    }

    private static CBORObject es256(KeyPair kp) {
        ECPublicKey pub = (ECPublicKey) kp.getPublic();
        CBORObject m = cose(2, -7);
        m.set(-1, CBORObject.FromObject(1));
        m.set(-2, CBORObject.FromObject(unsigned(pub.getW().getAffineX(), 32)));
        m.set(-3, CBORObject.FromObject(unsigned(pub.getW().getAffineY(), 32)));
        m.set(-4, CBORObject.FromObject(unsigned(((ECPrivateKey) kp.getPrivate()).getS(), 32)));
        return m;
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void importsAJdkP256KeyThatThenSignsAndListsAsEs256() throws Exception {
        KeyPair kp = p256();
        byte[] id = importOk(es256(kp));
        signsFor(Algorithm.ES256, id, kp.getPublic());
        assertThat(auth(Command.KEY_LST, AlgId.encode(-7)).data()).hasSize(20);
    }

    @Test
    void importsAJdkEd25519Key() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = kp.getPublic().getEncoded();
        CBORObject m = cose(1, -19);
        m.set(-1, CBORObject.FromObject(6));
        m.set(-2, CBORObject.FromObject(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
        m.set(-4, CBORObject.FromObject(((EdECPrivateKey) kp.getPrivate()).getBytes().orElseThrow()));
        signsFor(Algorithm.ED25519, importOk(m), kp.getPublic());
    }

    @Test
    void importsAJdkRsaKeyForRs256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        KeyPair kp = g.generateKeyPair();
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
        CBORObject m = cose(3, -257);
        m.set(-1, CBORObject.FromObject(unsigned(k.getModulus(), 256)));
        m.set(-2, CBORObject.FromObject(unsigned(k.getPublicExponent(), 0)));
        m.set(-3, CBORObject.FromObject(unsigned(k.getPrivateExponent(), 0)));
        m.set(-4, CBORObject.FromObject(unsigned(k.getPrimeP(), 0)));
        m.set(-5, CBORObject.FromObject(unsigned(k.getPrimeQ(), 0)));
        m.set(-6, CBORObject.FromObject(unsigned(k.getPrimeExponentP(), 0)));
        m.set(-7, CBORObject.FromObject(unsigned(k.getPrimeExponentQ(), 0)));
        m.set(-8, CBORObject.FromObject(unsigned(k.getCrtCoefficient(), 0)));
        signsFor(Algorithm.RS256, importOk(m), kp.getPublic());
    }

    private static MLDSAPrivateKey bcMlDsa44() throws Exception {
        return (MLDSAPrivateKey) KeyPairGenerator.getInstance("ML-DSA-44", new BouncyCastleProvider()).generateKeyPair().getPrivate();
    }

    private static CBORObject akp(Algorithm alg, byte[] pub, byte[] priv) {
        CBORObject m = cose(7, alg.coseId());
        m.set(-1, CBORObject.FromObject(pub));
        m.set(-2, CBORObject.FromObject(priv));
        return m;
    }

    @Test
    void importsABouncyCastleMlDsaSeedKey() throws Exception {
        MLDSAPrivateKey k = bcMlDsa44();
        byte[] pubRaw = k.getPublicKey().getPublicData();
        byte[] id = importOk(akp(Algorithm.ML_DSA_44, pubRaw, k.getSeed()));
        PublicKey jdkPub = IndependentCrypto.publicKeyFromCose(Algorithm.ML_DSA_44, getPub(id));
        signsFor(Algorithm.ML_DSA_44, id, jdkPub);
        assertThat(IndependentCrypto.publicCoseMap(getPub(id)).get(CBORObject.FromObject(-1)).GetByteString()).isEqualTo(pubRaw);
    }

    @Test
    void mismatchedOrWronglySizedKeysAreCryptoKeyMismatch() throws Exception {
        MLDSAPrivateKey k = bcMlDsa44();
        byte[] pub = k.getPublicKey().getPublicData();
        assertCode(auth(Command.IMPORT, akp(Algorithm.ML_DSA_44, pub, Arrays.copyOf(k.getSeed(), 31)).EncodeToBytes()),
                ResponseCode.CRYPTO_KEY_MISMATCH);
        byte[] otherPub = bcMlDsa44().getPublicKey().getPublicData();
        assertCode(auth(Command.IMPORT, akp(Algorithm.ML_DSA_44, otherPub, k.getSeed()).EncodeToBytes()),
                ResponseCode.CRYPTO_KEY_MISMATCH);
        CBORObject ec = es256(p256());
        ec.set(-3, CBORObject.FromObject(random(32)));
        assertCode(auth(Command.IMPORT, ec.EncodeToBytes()), ResponseCode.CRYPTO_KEY_MISMATCH);
        for (Algorithm alg : Algorithm.PROFILE) {
            assertThat(auth(Command.KEY_LST, AlgId.encode(alg.coseId())).data()).containsExactly(0, 0, 0, 0);
        }
    }

    @Test
    void missingLabelsAreInvalidSyntaxAndUnlistedAlgorithmsCmdFail() throws Exception {
        CBORObject ec = es256(p256());
        ec.Remove(CBORObject.FromObject(-4));
        assertCode(auth(Command.IMPORT, ec.EncodeToBytes()), ResponseCode.INVALID_SYNTAX);
        CBORObject hash = es256(p256());
        hash.set(3, CBORObject.FromObject(-16));
        assertCode(auth(Command.IMPORT, hash.EncodeToBytes()), ResponseCode.CMD_FAIL);
        byte[] truncated = Arrays.copyOf(es256(p256()).EncodeToBytes(), 50);
        assertCode(auth(Command.IMPORT, truncated), ResponseCode.INVALID_SYNTAX);
    }
}
