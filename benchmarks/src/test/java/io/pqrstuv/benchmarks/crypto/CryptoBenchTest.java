package io.pqrstuv.benchmarks.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.SLHDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.SLHDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.SLHDSAParameters;
import org.bouncycastle.crypto.signers.SLHDSASigner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Raw per-operation cost, run by hand (docs/benchmarks.md has the command):
 * engine sign from the stored blob versus the bare JCA/BC call with a prebuilt key, keygen per
 * family, and decapsulation. Prints "name median-ms" lines.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "pqrstuv.bench", matches = "true")
class CryptoBenchTest {
    private static final JcaDeviceCrypto CRYPTO = new JcaDeviceCrypto();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DIGEST = SignDigest.of("benchmark".getBytes());

    interface Op {
        void run() throws Exception;
    }

    private static double medianMs(int warmup, int n, Op op) throws Exception {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            op.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    }

    /** Medians of two operations timed alternately in one loop, so JIT and machine load hit both alike. */
    private static double[] medianPairMs(int warmup, int n, Op a, Op b) throws Exception {
        for (int i = 0; i < warmup; i++) {
            a.run();
            b.run();
        }
        double[] ta = new double[n];
        double[] tb = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            a.run();
            long m = System.nanoTime();
            b.run();
            long e = System.nanoTime();
            ta[i] = (m - s) / 1e6;
            tb[i] = (e - m) / 1e6;
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[] {ta[n / 2], tb[n / 2]};
    }

    private static void report(String name, int n, double ms) {
        System.out.printf(Locale.ROOT, "BENCH %-40s n=%-4d median %9.3f ms%n", name, n, ms);
    }

    private static void signBoth(Algorithm alg, String jcaName, KeyPair raw, int warmup, int n) throws Exception {
        try (PrivateKeyBlob blob = CRYPTO.generate(alg, RANDOM)) {
            double[] m = medianPairMs(warmup, n, () -> CRYPTO.sign(blob, DIGEST, RANDOM), () -> {
                Signature s = Signature.getInstance(jcaName);
                s.initSign(raw.getPrivate(), RANDOM);
                s.update(DIGEST);
                s.sign();
            });
            report("sign " + alg.displayName() + " (engine, from blob)", n, m[0]);
            report("sign " + alg.displayName() + " (raw JCA, prebuilt key)", n, m[1]);
        }
    }

    @Test
    void sign() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        signBoth(Algorithm.ES256, "NONEwithECDSAinP1363Format", ec.generateKeyPair(), 200, 501);
        signBoth(Algorithm.ED25519, "Ed25519", KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), 200, 501);
        signBoth(Algorithm.ML_DSA_65, "ML-DSA", KeyPairGenerator.getInstance("ML-DSA-65").generateKeyPair(), 100, 201);

        try (PrivateKeyBlob blob = CRYPTO.generate(Algorithm.SLH_DSA_SHA2_128F, RANDOM)) {
            report("sign SLH-DSA-SHA2-128f (engine, from blob)", 21, medianMs(3, 21, () -> CRYPTO.sign(blob, DIGEST, RANDOM)));
        }
        SLHDSAKeyPairGenerator g = new SLHDSAKeyPairGenerator();
        g.init(new SLHDSAKeyGenerationParameters(RANDOM, SLHDSAParameters.sha2_128f));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        report("sign SLH-DSA-SHA2-128f (raw BC, prebuilt key)", 21, medianMs(3, 21, () -> {
            SLHDSASigner s = new SLHDSASigner();
            s.init(true, new ParametersWithRandom(pair.getPrivate(), RANDOM));
            s.generateSignature(DIGEST);
        }));
        try (PrivateKeyBlob blob = CRYPTO.generate(Algorithm.RS256, RANDOM)) {
            report("sign RS256 RSA-3072 (engine, from blob)", 51, medianMs(10, 51, () -> CRYPTO.sign(blob, DIGEST, RANDOM)));
        }
    }

    @Test
    void keygen() throws Exception {
        for (Algorithm a : new Algorithm[] {Algorithm.ES256, Algorithm.ED25519, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65,
                Algorithm.ML_DSA_87, Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024,
                Algorithm.SLH_DSA_SHA2_128F, Algorithm.SLH_DSA_SHA2_128S, Algorithm.SLH_DSA_SHAKE_256F}) {
            boolean slow = a == Algorithm.SLH_DSA_SHA2_128S;
            int n = slow ? 5 : 51;
            report("keygen " + a.displayName(), n, medianMs(slow ? 1 : 10, n, () -> CRYPTO.generate(a, RANDOM).destroy()));
        }
        report("keygen RSA-3072 (RS256)", 9, medianMs(1, 9, () -> CRYPTO.generate(Algorithm.RS256, RANDOM).destroy()));
    }

    @Test
    void importAndDecapsulate() throws Exception {
        for (Algorithm a : new Algorithm[] {Algorithm.ML_KEM_768, Algorithm.RSA_OAEP_256}) {
            try (PrivateKeyBlob blob = CRYPTO.generate(a, RANDOM)) {
                // the client side with the JDK alone (test kit), not the device's crypto module
                IndependentCrypto.Encapsulated enc = IndependentCrypto.encapsulate(a,
                        IndependentCrypto.publicKeyFromCose(a, CRYPTO.publicCose(blob)), RANDOM);
                assertThat(CRYPTO.decapsulate(blob, enc.ciphertext())).isEqualTo(enc.secret());
                report("decapsulate " + a.displayName(), 101, medianMs(20, 101, () -> CRYPTO.decapsulate(blob, enc.ciphertext())));
                byte[] cose = blob.cose().clone();
                report("IMPORT validation " + a.displayName(), 51,
                        medianMs(5, 51, () -> CRYPTO.parsePrivate(cose, java.util.EnumSet.allOf(Algorithm.class)).destroy()));
            }
        }
        for (Algorithm a : new Algorithm[] {Algorithm.ML_DSA_65, Algorithm.SLH_DSA_SHA2_128S}) {
            try (PrivateKeyBlob blob = CRYPTO.generate(a, RANDOM)) {
                byte[] cose = blob.cose().clone();
                report("IMPORT validation " + a.displayName(), 5,
                        medianMs(1, 5, () -> CRYPTO.parsePrivate(cose, java.util.EnumSet.allOf(Algorithm.class)).destroy()));
            }
        }
    }
}
