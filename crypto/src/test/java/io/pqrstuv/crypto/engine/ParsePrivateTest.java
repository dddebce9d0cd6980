package io.pqrstuv.crypto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.CoseKeyException.Reason;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.icp.alg.Algorithm;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IMPORT validation (D-18, D-19, ICP-KEY-11/13): every error class and its reason. */
class ParsePrivateTest {
    private static final JcaDeviceCrypto CRYPTO = new JcaDeviceCrypto();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Algorithm> ALL = EnumSet.allOf(Algorithm.class);
    private static final CBOREncodeOptions CANONICAL = new CBOREncodeOptions("ctap2canonical=true");
    private static final Map<Algorithm, byte[]> KEYS = new EnumMap<>(Algorithm.class);

    @BeforeAll
    static void generate() {
        for (Algorithm a : new Algorithm[] {Algorithm.ES256, Algorithm.ED25519, Algorithm.RS256, Algorithm.ML_DSA_44,
                Algorithm.ML_KEM_768, Algorithm.SLH_DSA_SHA2_128F}) {
            KEYS.put(a, CRYPTO.generate(a, RANDOM).cose().clone());
        }
    }

    private static byte[] key(Algorithm a) {
        return KEYS.get(a).clone();
    }

    private static byte[] modified(Algorithm a, Consumer<CBORObject> change) {
        CBORObject m = CBORObject.DecodeFromBytes(key(a));
        change.accept(m);
        return m.EncodeToBytes(CANONICAL);
    }

    private static CBORObject i(int v) {
        return CBORObject.FromObject(v);
    }

    private static byte[] bytes(CBORObject m, int label) {
        return m.get(i(label)).GetByteString();
    }

    private static Reason reason(byte[] cose) {
        return reason(cose, ALL);
    }

    private static Reason reason(byte[] cose, Set<Algorithm> allowed) {
        try {
            CRYPTO.parsePrivate(cose, allowed).destroy();
            return null;
        } catch (CoseKeyException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.reason();
        }
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    // ---- sizes of notes §4 (deterministic encodings) ----

    @Test
    void encodedSizesMatchTheNotes() {
        assertSizes(Algorithm.ES256, 77, 112);
        assertSizes(Algorithm.ED25519, 42, 77);
        assertSizes(Algorithm.ML_DSA_44, 1322, 1357);
        assertSizes(Algorithm.SLH_DSA_SHA2_128F, 44, 111);
        assertSizes(Algorithm.ML_KEM_768, 1197, 1264);
        try (PrivateKeyBlob rsa = new PrivateKeyBlob(Algorithm.RS256, key(Algorithm.RS256))) {
            assertThat(CRYPTO.publicCose(rsa)).hasSize(400);
            // 1763 B when d, dP, dQ and qInv have no leading zero byte; each shorter one saves a byte.
            assertThat(rsa.cose().length).isBetween(1755, 1763);
        }
    }

    private static void assertSizes(Algorithm a, int pub, int priv) {
        try (PrivateKeyBlob blob = new PrivateKeyBlob(a, key(a))) {
            assertThat(blob.cose()).hasSize(priv);
            assertThat(CRYPTO.publicCose(blob)).hasSize(pub);
        }
    }

    @Test
    void deterministicKeyOrder() {
        // EC2: a5 01 02 03 26 20 01 21 58 20 … 22 58 20 … 23 58 20 …  (1, 3, -1, -2, -3, -4)
        byte[] ec = key(Algorithm.ES256);
        assertThat(Arrays.copyOfRange(ec, 0, 10)).isEqualTo(hex("a6010203262001215820"));
        byte[] pub;
        try (PrivateKeyBlob blob = new PrivateKeyBlob(Algorithm.ES256, key(Algorithm.ES256))) {
            pub = CRYPTO.publicCose(blob);
        }
        assertThat(Arrays.copyOfRange(pub, 0, 10)).isEqualTo(hex("a5010203262001215820"));
        // AKP with a private-use id: alg -65541 is 3a 00 01 00 04 (5 bytes).
        assertThat(Arrays.copyOfRange(key(Algorithm.SLH_DSA_SHA2_128F), 0, 10)).isEqualTo(hex("a40107033a0001000420"));
    }

    // ---- accepted inputs ----

    @Test
    void importedKeyIsReencodedAndDropsKid() throws Exception {
        byte[] withKid = modified(Algorithm.ED25519, m -> m.Add(i(2), CBORObject.FromObject(new byte[] {1, 2, 3})));
        try (PrivateKeyBlob blob = CRYPTO.parsePrivate(withKid, ALL)) {
            assertThat(blob.cose()).isEqualTo(key(Algorithm.ED25519));
        }
    }

    @Test
    void parsingDoesNotModifyTheInput() throws Exception {
        byte[] in = key(Algorithm.ML_DSA_44);
        byte[] copy = in.clone();
        CRYPTO.parsePrivate(in, ALL).destroy();
        assertThat(in).isEqualTo(copy);
    }

    // ---- INVALID_SYNTAX: CBOR level ----

    @Test
    void malformedCborIsSyntax() {
        byte[] good = key(Algorithm.ES256);
        assertThat(reason(new byte[0])).isEqualTo(Reason.SYNTAX);
        assertThat(reason(Arrays.copyOf(good, good.length - 1))).as("truncated").isEqualTo(Reason.SYNTAX);
        assertThat(reason(Arrays.copyOf(good, 5))).as("truncated early").isEqualTo(Reason.SYNTAX);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThat(reason(trailing)).as("trailing byte").isEqualTo(Reason.SYNTAX);
        assertThat(reason(hex("83010203"))).as("array").isEqualTo(Reason.SYNTAX);
        assertThat(reason(hex("4401020304"))).as("byte string").isEqualTo(Reason.SYNTAX);
        assertThat(reason(hex("ff"))).as("break").isEqualTo(Reason.SYNTAX);
    }

    @Test
    void nonDeterministicCborIsSyntax() {
        // {1:1, 3:-19, -1:6, -2:x, -4:d} written in various non-canonical ways.
        byte[] good = key(Algorithm.ED25519);
        String body = HexFormat.of().formatHex(good, 1, good.length);
        assertThat(reason(good)).isNull();
        assertThat(reason(hex("bf" + body + "ff"))).as("indefinite map").isEqualTo(Reason.SYNTAX);
        assertThat(reason(hex("a6" + "0101" + body))).as("duplicate kty").isEqualTo(Reason.SYNTAX);
        assertThat(reason(hex("a5" + "1801" + body.substring(4)))).as("non-shortest key").isEqualTo(Reason.SYNTAX);
        assertThat(reason(hex("a5" + "011801" + body.substring(4)))).as("non-shortest value").isEqualTo(Reason.SYNTAX);
        assertThat(reason(hex("a5" + "c10101" + body.substring(4)))).as("tagged value").isEqualTo(Reason.SYNTAX);
        assertThat(reason(hex("a5" + "0326" + "0101" + body.substring(8)))).as("unsorted keys").isEqualTo(Reason.SYNTAX);
        String x = body.substring(body.indexOf("215820") + 6, body.indexOf("215820") + 70);
        String bodyLongX = body.replace("215820" + x, "21590020" + x);
        assertThat(reason(hex("a5" + bodyLongX))).as("non-shortest length").isEqualTo(Reason.SYNTAX);
        String bodyIndefX = body.replace("215820" + x, "215f5820" + x + "ff");
        assertThat(reason(hex("a5" + bodyIndefX))).as("indefinite byte string").isEqualTo(Reason.SYNTAX);
    }

    // ---- CMD_FAIL: alg ----

    @Test
    void algorithmNotListed() {
        assertThat(reason(modified(Algorithm.ES256, m -> m.Remove(i(3))))).isEqualTo(Reason.ALGORITHM_NOT_LISTED);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(3), i(-65535))))).isEqualTo(Reason.ALGORITHM_NOT_LISTED);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(3), i(-16))))).isEqualTo(Reason.ALGORITHM_NOT_LISTED);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(3), CBORObject.FromObject("ES256")))))
                .isEqualTo(Reason.ALGORITHM_NOT_LISTED);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(3), CBORObject.FromObject(1L << 40)))))
                .isEqualTo(Reason.ALGORITHM_NOT_LISTED);
        assertThat(reason(key(Algorithm.ES256), EnumSet.of(Algorithm.ED25519))).isEqualTo(Reason.ALGORITHM_NOT_LISTED);
        // alg is checked before the key type and the labels.
        assertThat(reason(hex("a10102"))).isEqualTo(Reason.ALGORITHM_NOT_LISTED);
    }

    // ---- INVALID_SYNTAX: kty and labels ----

    @Test
    void ktyMismatchAndMissingLabelsAreSyntax() {
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(1), i(1))))).as("kty OKP for ES256").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ML_DSA_44, m -> m.set(i(1), i(2))))).isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ES256, m -> m.Remove(i(1))))).as("no kty").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ES256, m -> m.Remove(i(-4))))).as("no d").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ES256, m -> m.Remove(i(-3))))).as("no y").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ES256, m -> m.Remove(i(-1))))).as("no crv").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ED25519, m -> m.Remove(i(-2))))).as("no x").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.RS256, m -> m.Remove(i(-8))))).as("no qInv").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ML_DSA_44, m -> m.Remove(i(-2))))).as("no priv").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ML_KEM_768, m -> m.Remove(i(-1))))).as("no pub").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(-2), i(5))))).as("x not bstr").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(-1), CBORObject.FromObject(new byte[] {1})))))
                .as("crv not int").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(-2), CBORObject.True)))).as("x bool").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ED25519, m -> m.Add(i(-3), CBORObject.FromObject(new byte[32])))))
                .as("y on OKP").isEqualTo(Reason.SYNTAX);
        assertThat(reason(modified(Algorithm.ED25519, m -> m.Add(i(99), i(0))))).as("unknown label").isEqualTo(Reason.SYNTAX);
    }

    // ---- CRYPTO_KEY_MISMATCH ----

    @Test
    void akpSizeAndConsistency() {
        assertThat(reason(modified(Algorithm.ML_DSA_44, m -> m.set(i(-2), CBORObject.FromObject(Arrays.copyOf(bytes(m, -2), 31))))))
                .as("seed 31 bytes").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ML_DSA_44, m -> m.set(i(-2), CBORObject.FromObject(Arrays.copyOf(bytes(m, -2), 33))))))
                .as("seed 33 bytes").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ML_DSA_44, m -> bytes(m, -2)[0] ^= 1))).as("pub not from seed").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ML_DSA_44, m -> bytes(m, -1)[100] ^= 1))).as("pub altered").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ML_DSA_44, m -> m.set(i(-1), CBORObject.FromObject(Arrays.copyOf(bytes(m, -1), 1311))))))
                .as("pub short").isEqualTo(Reason.MISMATCH);
        // The ML-DSA-44 key labelled as ML-DSA-65: sizes no longer fit.
        assertThat(reason(modified(Algorithm.ML_DSA_44, m -> m.set(i(3), i(-49))))).isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ML_KEM_768, m -> bytes(m, -2)[0] ^= 1))).as("d altered").isEqualTo(Reason.MISMATCH);
        // z (implicit-rejection secret) is not bound to ek: changing it yields a different but valid key.
        assertThat(reason(modified(Algorithm.ML_KEM_768, m -> bytes(m, -2)[63] ^= 1))).as("z altered").isNull();
        assertThat(reason(modified(Algorithm.ML_KEM_768, m -> m.set(i(-2), CBORObject.FromObject(Arrays.copyOf(bytes(m, -2), 32))))))
                .isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.SLH_DSA_SHA2_128F, m -> bytes(m, -2)[0] ^= 1))).as("SK.seed altered")
                .isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.SLH_DSA_SHA2_128F, m -> {
            bytes(m, -2)[63] ^= 1;
            bytes(m, -1)[31] ^= 1;
        }))).as("root altered in both").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.SLH_DSA_SHA2_128F, m -> bytes(m, -1)[0] ^= 1))).as("pub ≠ PK in priv")
                .isEqualTo(Reason.MISMATCH);
        // SK.prf is not bound to the public key; changing it yields a different but valid key.
        assertThat(reason(modified(Algorithm.SLH_DSA_SHA2_128F, m -> bytes(m, -2)[16] ^= 1))).isNull();
    }

    @Test
    void ecConsistency() {
        assertThat(reason(modified(Algorithm.ES256, m -> bytes(m, -3)[31] ^= 1))).as("off curve").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ES256, m -> bytes(m, -4)[31] ^= 1))).as("d not matching").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(-1), i(2))))).as("crv P-384").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(-4), CBORObject.FromObject(new byte[32])))))
                .as("d = 0").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ES256, m -> m.set(i(-2), CBORObject.FromObject(Arrays.copyOf(bytes(m, -2), 33))))))
                .as("x 33 bytes").isEqualTo(Reason.MISMATCH);
        // A valid point (the negation) that is not d·G.
        assertThat(reason(modified(Algorithm.ES256, m -> {
            BigInteger p = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
            BigInteger y = new BigInteger(1, bytes(m, -3));
            byte[] neg = p.subtract(y).toByteArray();
            byte[] fixed = new byte[32];
            System.arraycopy(neg, Math.max(0, neg.length - 32), fixed, Math.max(0, 32 - neg.length), Math.min(32, neg.length));
            m.set(i(-3), CBORObject.FromObject(fixed));
        }))).as("-P").isEqualTo(Reason.MISMATCH);
    }

    @Test
    void okpConsistency() {
        assertThat(reason(modified(Algorithm.ED25519, m -> bytes(m, -2)[0] ^= 1))).isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ED25519, m -> m.set(i(-1), i(4))))).as("crv X25519").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.ED25519, m -> m.set(i(-4), CBORObject.FromObject(new byte[31])))))
                .isEqualTo(Reason.MISMATCH);
    }

    @Test
    void rsaConsistency() {
        assertThat(reason(modified(Algorithm.RS256, m -> bytes(m, -1)[383] ^= 2))).as("n ≠ p·q").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.RS256, m -> bytes(m, -6)[10] ^= 1))).as("dP").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.RS256, m -> bytes(m, -8)[10] ^= 1))).as("qInv").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.RS256, m -> bytes(m, -3)[10] ^= 1))).as("d").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.RS256, m -> {
            byte[] n = bytes(m, -1);
            byte[] padded = new byte[n.length + 1];
            System.arraycopy(n, 0, padded, 1, n.length);
            m.set(i(-1), CBORObject.FromObject(padded));
        }))).as("leading zero").isEqualTo(Reason.MISMATCH);
        assertThat(reason(modified(Algorithm.RS256, m -> m.set(i(3), i(-41))))).as("same key as OAEP").isNull();
    }
}
