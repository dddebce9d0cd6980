package io.pqrstuv.benchmarks.crypto;

import io.pqrstuv.crypto.der.JdkPkcs8;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Where the time of an ML-DSA sign from a seed goes (hand-run, like CryptoBenchTest). */
@Tag("bench")
@EnabledIfSystemProperty(named = "pqrstuv.bench", matches = "true")
class MlDsaCostTest {
    @Test
    void breakdown() throws Exception {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        byte[] digest = SignDigest.of(new byte[1]);
        long bc = 0, pk = 0, kf = 0, sg = 0;
        int n = 300;
        for (int i = 0; i < n + 100; i++) {
            long t0 = System.nanoTime();
            MLDSAPrivateKeyParameters p = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed.clone());
            byte[] sk = p.getEncoded();
            long t1 = System.nanoTime();
            byte[] der = JdkPkcs8.expanded(Algorithm.ML_DSA_65, sk);
            long t2 = System.nanoTime();
            PrivateKey key = KeyFactory.getInstance("ML-DSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            long t3 = System.nanoTime();
            Signature s = Signature.getInstance("ML-DSA");
            s.initSign(key);
            s.update(digest);
            s.sign();
            long t4 = System.nanoTime();
            if (i >= 100) {
                bc += t1 - t0;
                pk += t2 - t1;
                kf += t3 - t2;
                sg += t4 - t3;
            }
        }
        System.out.printf("BENCH ML-DSA-65 mean ms: BC expand %.3f, pkcs8 %.3f, KeyFactory %.3f, sign %.3f%n",
                bc / 1e6 / n, pk / 1e6 / n, kf / 1e6 / n, sg / 1e6 / n);
        java.security.KeyPair jdk = java.security.KeyPairGenerator.getInstance("ML-DSA-65").generateKeyPair();
        byte[] jdkDer = jdk.getPrivate().getEncoded();
        long fresh = 0, reused = 0, bcOnly = 0, engine = 0;
        for (int i = 0; i < n + 100; i++) {
            long t0 = System.nanoTime();
            PrivateKey key = KeyFactory.getInstance("ML-DSA").generatePrivate(new PKCS8EncodedKeySpec(jdkDer));
            Signature s = Signature.getInstance("ML-DSA");
            s.initSign(key);
            s.update(digest);
            s.sign();
            long t1 = System.nanoTime();
            s = Signature.getInstance("ML-DSA");
            s.initSign(jdk.getPrivate());
            s.update(digest);
            s.sign();
            long t2 = System.nanoTime();
            MLDSAPrivateKeyParameters p = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed.clone());
            org.bouncycastle.crypto.signers.MLDSASigner b = new org.bouncycastle.crypto.signers.MLDSASigner();
            b.init(true, new org.bouncycastle.crypto.params.ParametersWithRandom(p, new SecureRandom()));
            b.update(digest, 0, digest.length);
            b.generateSignature();
            long t3 = System.nanoTime();
            MLDSAPrivateKeyParameters e = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed.clone());
            byte[] esk = e.getEncoded();
            PrivateKey ek = KeyFactory.getInstance("ML-DSA").generatePrivate(
                    new PKCS8EncodedKeySpec(JdkPkcs8.expanded(Algorithm.ML_DSA_65, esk)));
            s = Signature.getInstance("ML-DSA");
            s.initSign(ek);
            s.update(digest);
            s.sign();
            long t4 = System.nanoTime();
            if (i >= 100) {
                engine += t4 - t3;
                fresh += t1 - t0;
                reused += t2 - t1;
                bcOnly += t3 - t2;
            }
        }
        System.out.printf("BENCH ML-DSA-65 mean ms: JDK fresh key from its PKCS#8 %.3f, JDK reused key %.3f, BC expand+sign %.3f, BC expand+JDK sign %.3f%n",
                fresh / 1e6 / n, reused / 1e6 / n, bcOnly / 1e6 / n, engine / 1e6 / n);
    }
}
