package io.pqrstuv.crypto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.TestKeys;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.SignDigest;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.SLHDSAParameters;
import org.bouncycastle.crypto.params.SLHDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.signers.SLHDSASigner;
import org.junit.jupiter.api.Test;

/**
 * Checks with the other library than the one that signed: JDK-signed ML-DSA verified by BC, and the
 * FIPS 205 pure-mode framing of BC-signed SLH-DSA (M' = 0x00 ‖ len(ctx)=0 ‖ M, D-29) checked on the
 * internal interface.
 */
class CrossLibraryVerifyTest {
    private static final JcaDeviceCrypto CRYPTO = new JcaDeviceCrypto();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Exposes FIPS 205 slh_verify_internal (no pure-mode prefix added). */
    static final class InternalSlhVerifier extends SLHDSASigner {
        boolean verifyInternal(byte[] mPrime, byte[] sig) {
            return internalVerifySignature(mPrime, sig);
        }
    }

    @Test
    void jdkMlDsaSignatureVerifiesWithBouncyCastle() {
        byte[] digest = SignDigest.of("cross".getBytes());
        try (PrivateKeyBlob blob = CRYPTO.generate(Algorithm.ML_DSA_65, RANDOM)) {
            byte[] pub = TestKeys.bstr(TestKeys.cbor(CRYPTO.publicCose(blob)), -1);
            byte[] sig = CRYPTO.sign(blob, digest, RANDOM);
            MLDSASigner v = new MLDSASigner();
            v.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, pub));
            v.update(digest, 0, digest.length);
            assertThat(v.verifySignature(sig)).isTrue();
        }
    }

    @Test
    void jdkEd25519AndEs256SignaturesVerifyWithBouncyCastle() {
        byte[] digest = SignDigest.of("cross-ec".getBytes());
        try (PrivateKeyBlob blob = CRYPTO.generate(Algorithm.ED25519, RANDOM)) {
            byte[] x = TestKeys.bstr(TestKeys.cbor(CRYPTO.publicCose(blob)), -2);
            byte[] sig = CRYPTO.sign(blob, digest, RANDOM);
            org.bouncycastle.crypto.signers.Ed25519Signer v = new org.bouncycastle.crypto.signers.Ed25519Signer();
            v.init(false, new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(x, 0));
            v.update(digest, 0, digest.length);
            assertThat(v.verifySignature(sig)).isTrue();
            // PureEdDSA is deterministic (RFC 8032): signing again gives the same bytes.
            assertThat(CRYPTO.sign(blob, digest, RANDOM)).isEqualTo(sig);
        }
        try (PrivateKeyBlob blob = CRYPTO.generate(Algorithm.ES256, RANDOM)) {
            var m = TestKeys.cbor(CRYPTO.publicCose(blob));
            var curve = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("P-256");
            var q = curve.getCurve().createPoint(new java.math.BigInteger(1, TestKeys.bstr(m, -2)),
                    new java.math.BigInteger(1, TestKeys.bstr(m, -3)));
            var params = new org.bouncycastle.crypto.params.ECDomainParameters(curve);
            byte[] sig = CRYPTO.sign(blob, digest, RANDOM);
            assertThat(sig).hasSize(64);
            org.bouncycastle.crypto.signers.ECDSASigner v = new org.bouncycastle.crypto.signers.ECDSASigner();
            v.init(false, new org.bouncycastle.crypto.params.ECPublicKeyParameters(q, params));
            java.math.BigInteger r = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, 32));
            java.math.BigInteger s2 = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
            assertThat(v.verifySignature(digest, r, s2)).as("r‖s over the digest as the hash value").isTrue();
        }
    }

    @Test
    void slhDsaIsPureWithEmptyContext() {
        byte[] digest = SignDigest.of("pure".getBytes());
        try (PrivateKeyBlob blob = CRYPTO.generate(Algorithm.SLH_DSA_SHAKE_128F, RANDOM)) {
            byte[] pub = TestKeys.bstr(TestKeys.cbor(CRYPTO.publicCose(blob)), -1);
            byte[] sig = CRYPTO.sign(blob, digest, RANDOM);
            SLHDSAPublicKeyParameters key = new SLHDSAPublicKeyParameters(SLHDSAParameters.shake_128f, pub);
            byte[] framed = new byte[2 + digest.length];
            System.arraycopy(digest, 0, framed, 2, digest.length);
            InternalSlhVerifier v = new InternalSlhVerifier();
            v.init(false, key);
            assertThat(v.verifyInternal(framed, sig)).as("M' = 00 00 ‖ digest").isTrue();
            InternalSlhVerifier raw = new InternalSlhVerifier();
            raw.init(false, key);
            assertThat(raw.verifyInternal(digest, sig)).as("not the bare internal interface").isFalse();
        }
    }
}
