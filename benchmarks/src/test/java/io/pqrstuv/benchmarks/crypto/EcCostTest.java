package io.pqrstuv.benchmarks.crypto;

import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.cose.CoseKeyReader;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPrivateKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Where the time of an ES256 sign from the blob goes (hand-run). */
@Tag("bench")
@EnabledIfSystemProperty(named = "pqrstuv.bench", matches = "true")
class EcCostTest {
    @Test
    void breakdown() throws Exception {
        JcaDeviceCrypto crypto = new JcaDeviceCrypto();
        SecureRandom random = new SecureRandom();
        PrivateKeyBlob blob = crypto.generate(Algorithm.ES256, random);
        byte[] digest = SignDigest.of(new byte[1]);
        var gen = java.security.KeyPairGenerator.getInstance("EC");
        gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        ECPrivateKey reusedKey = (ECPrivateKey) gen.generateKeyPair().getPrivate();
        long dec = 0, kf = 0, sFresh = 0, sReused = 0;
        int n = 1000;
        for (int i = 0; i < n + 300; i++) {
            long t0 = System.nanoTime();
            CoseMap m = CoseKeyReader.decode(blob.cose());
            long t1 = System.nanoTime();
            PrivateKey k = KeyFactory.getInstance("EC").generatePrivate(
                    new ECPrivateKeySpec(new BigInteger(1, m.requireBytes(-4)), reusedKey.getParams()));
            long t2 = System.nanoTime();
            Signature s = Signature.getInstance("NONEwithECDSAinP1363Format");
            s.initSign(k, random);
            s.update(digest);
            s.sign();
            long t3 = System.nanoTime();
            s = Signature.getInstance("NONEwithECDSAinP1363Format");
            s.initSign(reusedKey, random);
            s.update(digest);
            s.sign();
            long t4 = System.nanoTime();
            m.destroy();
            if (i >= 300) {
                dec += t1 - t0;
                kf += t2 - t1;
                sFresh += t3 - t2;
                sReused += t4 - t3;
            }
        }
        System.out.printf("BENCH ES256 mean ms: decode %.3f, KeyFactory %.3f, sign fresh key %.3f, sign reused key %.3f%n",
                dec / 1e6 / n, kf / 1e6 / n, sFresh / 1e6 / n, sReused / 1e6 / n);
    }
}
