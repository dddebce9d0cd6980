package io.pqrstuv.crypto.fuzz;

import static io.pqrstuv.crypto.fuzz.AcceptedKeys.ALL;
import static io.pqrstuv.crypto.fuzz.AcceptedKeys.CRYPTO;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.cose.CborFormatException;
import io.pqrstuv.crypto.cose.CoseCodec;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.encoding.KeyEncodings;
import io.pqrstuv.icp.alg.Algorithm;
import java.util.Arrays;

/**
 * Jazzer target of the COSE_Key decoder and validator (D-18/D-19): the bytes IMPORT hands to the
 * storage module, and the public keys the operation module and the clients read from GET_PUB and
 * SEC_SET_INIT replies. The first input byte picks the parser, the rest is its input:
 * <ul>
 *   <li>0: IMPORT's private key ({@code DeviceCrypto.parsePrivate}): either {@link CoseKeyException}
 *       with a reason and a message that shows no key bytes, or a key whose labels all come unchanged
 *       from the input, whose canonical form parses to itself, and that really is a key pair (see
 *       {@link AcceptedKeys});
 *   <li>1: a public COSE_Key to SubjectPublicKeyInfo and a JCA key: a key that passes the checks
 *       always converts, its algorithm is label 3, and its input was deterministic CBOR;
 *   <li>2: the strict CBOR codec alone: a map it accepts re-encodes to exactly its input.
 * </ul>
 * No other exception type, and the input array is never modified. Regression mode under
 * {@code mvn verify}; {@code scripts/fuzz} fuzzes.
 */
class CoseKeyFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void coseKeysDecodeToValidatedKeysOrTypedErrors(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        byte[] cbor = Arrays.copyOfRange(input, 1, input.length);
        byte[] untouched = cbor.clone();
        switch (input[0] & 0x03) {
            case 0 -> privateKey(cbor);
            case 1 -> publicKey(cbor);
            default -> codec(cbor);
        }
        assertThat(cbor).as("the parser leaves its input alone").isEqualTo(untouched);
    }

    private static void privateKey(byte[] cbor) throws Exception {
        PrivateKeyBlob blob;
        try {
            blob = CRYPTO.parsePrivate(cbor, ALL);
        } catch (CoseKeyException e) {
            AcceptedKeys.assertTyped(e, cbor);
            return;
        }
        try (blob; CoseMap given = CoseCodec.decode(cbor); CoseMap kept = CoseCodec.decode(blob.cose())) {
            assertThat(given.integer(3)).contains((long) blob.algorithm().coseId());
            for (int label : kept.labels()) {
                Object want = given.integer(label).map(Object.class::cast).orElse(given.bytes(label).orElse(null));
                Object have = kept.integer(label).map(Object.class::cast).orElse(kept.bytes(label).orElse(null));
                assertThat(have).as("label %d is stored as given", label).isEqualTo(want);
            }
            AcceptedKeys.check(blob);
        }
    }

    private static void publicKey(byte[] cbor) throws Exception {
        byte[] spki;
        try {
            spki = KeyEncodings.spkiFromPublicCose(cbor);
        } catch (CoseKeyException e) {
            AcceptedKeys.assertTyped(e, cbor);
            return;
        }
        Algorithm alg = KeyEncodings.algorithmOfPublicCose(cbor);
        try (CoseMap map = CoseCodec.decode(cbor)) {
            assertThat(map.integer(3)).contains((long) alg.coseId());
            assertThat(CoseCodec.encode(map)).as("accepted input is deterministic CBOR").isEqualTo(cbor);
        }
        // A key that passed the checks must be usable: a JDK/BC refusal here would be a 500 on /get_public_key.
        assertThat(KeyEncodings.publicKeyFromCose(cbor).getEncoded()).isNotEmpty();
        assertThat(KeyEncodings.publicKeyFromSpki(spki)).isNotNull();
    }

    private static void codec(byte[] cbor) {
        try (CoseMap map = CoseCodec.decode(cbor)) {
            if (!map.hasUnsupported()) {
                assertThat(CoseCodec.encode(map)).isEqualTo(cbor);
            }
        } catch (CborFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
            AcceptedKeys.assertNoBytesIn(e.getMessage(), cbor);
        }
    }
}
