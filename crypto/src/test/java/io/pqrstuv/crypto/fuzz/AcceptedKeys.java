package io.pqrstuv.crypto.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.DecapsulationException;
import io.pqrstuv.crypto.Kem;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.Signatures;
import io.pqrstuv.crypto.cose.CoseCodec;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.cose.PublicKeyChecks;
import io.pqrstuv.crypto.encoding.KeyEncodings;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fuzz targets require of a private key the device accepted: it is in its canonical form
 * (parsing it again gives the same bytes), its public COSE_Key passes the public checks and converts
 * to a JCA key, and that public key belongs to the private one (a signature verifies, an
 * encapsulation decapsulates to the same secret). SLH-DSA is not signed here (seconds per signature
 * for the "s" sets); its acceptance already recomputed PK.root from the private seeds.
 */
final class AcceptedKeys {
    static final Set<Algorithm> ALL = EnumSet.allOf(Algorithm.class);
    static final JcaDeviceCrypto CRYPTO = new JcaDeviceCrypto();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HEX_RUN = Pattern.compile("[0-9a-fA-F]{16,}");

    private AcceptedKeys() {
    }

    static void check(PrivateKeyBlob blob) throws Exception {
        Algorithm alg = blob.algorithm();
        try (PrivateKeyBlob again = CRYPTO.parsePrivate(blob.cose().clone(), EnumSet.of(alg))) {
            assertThat(again.cose()).as("canonical form is a fixed point").isEqualTo(blob.cose());
        }
        byte[] cosePublic = CRYPTO.publicCose(blob);
        try (CoseMap pub = PublicKeyChecks.decode(cosePublic, ALL)) {
            assertThat(PublicKeyChecks.algorithm(pub)).isEqualTo(alg);
            assertThat(CoseCodec.encode(pub)).isEqualTo(cosePublic);
        }
        PublicKey key = KeyEncodings.publicKeyFromCose(cosePublic);
        assertThat(KeyEncodings.publicKeyFromSpki(key.getEncoded()).getEncoded()).isEqualTo(key.getEncoded());
        if (alg.isSignature() && alg.family() != Algorithm.Family.SLH_DSA) {
            byte[] digest = new byte[32];
            RANDOM.nextBytes(digest);
            byte[] signature = CRYPTO.sign(blob, digest, RANDOM);
            assertThat(Signatures.verifyDigest(alg, key, digest, signature))
                    .as("%s signature verifies under the key's own public key", alg).isTrue();
        } else if (alg.isKem()) {
            Kem.Encapsulation enc = Kem.encapsulate(alg, key, RANDOM);
            assertThat(CRYPTO.ciphertextLength(blob)).isEqualTo(enc.ciphertext().length);
            try {
                assertThat(CRYPTO.decapsulate(blob, enc.ciphertext())).as("%s decapsulates its own encapsulation", alg)
                        .isEqualTo(enc.secret());
            } catch (DecapsulationException e) {
                throw new AssertionError(alg + " cannot decapsulate its own encapsulation", e);
            }
        }
    }

    /** An error message shows no run of the input's bytes in hex (it may be a private key). */
    static void assertNoBytesIn(String message, byte[] input) {
        if (message == null) {
            return;
        }
        String hex = HexFormat.of().formatHex(input);
        Matcher m = HEX_RUN.matcher(message);
        while (m.find()) {
            assertThat(hex).as("message leaks input bytes: %s", message)
                    .doesNotContain(m.group().toLowerCase(Locale.ROOT));
        }
    }

    static void assertTyped(CoseKeyException e, byte[] input) {
        assertThat(e.reason()).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        assertNoBytesIn(e.getMessage(), input);
    }
}
