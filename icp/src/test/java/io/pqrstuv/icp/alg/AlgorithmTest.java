package io.pqrstuv.icp.alg;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.alg.Algorithm.Kind;
import io.pqrstuv.icp.alg.Algorithm.KeyType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlgorithmTest {

    @Test
    void profileIsTheRecommendedListInOrder() {
        // notes §3.3 available_cryptosystems, copied as text
        assertThat(Algorithm.PROFILE.stream().mapToInt(Algorithm::coseId).toArray()).containsExactly(
                -50, -49, -48, -65551, -65550, -65549, -65548, -65547, -65546, -65545, -65544,
                -65543, -65542, -65541, -65540, -257, -37, -19, -7,
                -65539, -65538, -65537, -42, -41);
        assertThat(Algorithm.TOKEN_HASH_ALGO).isEqualTo(-16);
    }

    @ParameterizedTest
    @CsvSource({
        "-50, ML-DSA-87, SIGNATURE, AKP, 2592, 4627",
        "-49, ML-DSA-65, SIGNATURE, AKP, 1952, 3309",
        "-48, ML-DSA-44, SIGNATURE, AKP, 1312, 2420",
        "-65540, SLH-DSA-SHA2-128s, SIGNATURE, AKP, 32, 7856",
        "-65541, SLH-DSA-SHA2-128f, SIGNATURE, AKP, 32, 17088",
        "-65542, SLH-DSA-SHA2-192s, SIGNATURE, AKP, 48, 16224",
        "-65543, SLH-DSA-SHA2-192f, SIGNATURE, AKP, 48, 35664",
        "-65544, SLH-DSA-SHA2-256s, SIGNATURE, AKP, 64, 29792",
        "-65545, SLH-DSA-SHA2-256f, SIGNATURE, AKP, 64, 49856",
        "-65546, SLH-DSA-SHAKE-128s, SIGNATURE, AKP, 32, 7856",
        "-65547, SLH-DSA-SHAKE-128f, SIGNATURE, AKP, 32, 17088",
        "-65548, SLH-DSA-SHAKE-192s, SIGNATURE, AKP, 48, 16224",
        "-65549, SLH-DSA-SHAKE-192f, SIGNATURE, AKP, 48, 35664",
        "-65550, SLH-DSA-SHAKE-256s, SIGNATURE, AKP, 64, 29792",
        "-65551, SLH-DSA-SHAKE-256f, SIGNATURE, AKP, 64, 49856",
        "-257, RS256, SIGNATURE, RSA, -1, -1",
        "-37, PS256, SIGNATURE, RSA, -1, -1",
        "-19, Ed25519, SIGNATURE, OKP, 32, 64",
        "-7, ES256, SIGNATURE, EC2, 64, 64",
        "-65537, ML-KEM-512, KEM, AKP, 800, 768",
        "-65538, ML-KEM-768, KEM, AKP, 1184, 1088",
        "-65539, ML-KEM-1024, KEM, AKP, 1568, 1568",
        "-41, RSA-OAEP-256, KEM, RSA, -1, -1",
        "-42, RSA-OAEP-512, KEM, RSA, -1, -1",
    })
    void registryEntry(int id, String name, Kind kind, KeyType keyType, int pub, int out) {
        Algorithm a = Algorithm.byCoseId(id).orElseThrow();
        assertThat(a.displayName()).isEqualTo(name);
        assertThat(a.kind()).isEqualTo(kind);
        assertThat(a.isSignature()).isEqualTo(kind == Kind.SIGNATURE);
        assertThat(a.isKem()).isEqualTo(kind == Kind.KEM);
        assertThat(a.keyType()).isEqualTo(keyType);
        assertThat(a.publicKeyLength()).isEqualTo(pub);
        assertThat(a.outputLength()).isEqualTo(out);
        assertThat(Algorithm.parse(name)).contains(a);
        assertThat(Algorithm.parse(name.toLowerCase())).contains(a);
        assertThat(Algorithm.parse(name.toUpperCase())).contains(a);
        assertThat(Algorithm.parse(" " + name + " ")).contains(a);
        assertThat(Algorithm.parse(Integer.toString(id))).contains(a);
        assertThat(a.toString()).contains(name, Integer.toString(id));
        assertThat(AlgId.inRange(id)).isTrue();
    }

    @Test
    void keyTypeValuesAreTheCoseOnes() {
        assertThat(KeyType.OKP.coseValue()).isEqualTo(1);
        assertThat(KeyType.EC2.coseValue()).isEqualTo(2);
        assertThat(KeyType.RSA.coseValue()).isEqualTo(3);
        assertThat(KeyType.AKP.coseValue()).isEqualTo(7);
    }

    @Test
    void largestSignatureFitsOneResponseFrame() {
        int largest = Arrays.stream(Algorithm.values()).mapToInt(Algorithm::outputLength).max().orElseThrow();
        assertThat(largest + 6).isLessThanOrEqualTo(49_960);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ML-DSA", "ml_dsa_44", "ML_DSA_44", "-16", "-8", "-51", "0", "7", "x-7", "99999999999", "-65552"})
    void unknownNamesAndIdsAreEmpty(String s) {
        assertThat(Algorithm.parse(s)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-16, -8, -51, 0, -65536, -65552, Integer.MIN_VALUE})
    void unknownIdsAreEmpty(int id) {
        assertThat(Algorithm.byCoseId(id)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void namesAndIdsAreUnique(Algorithm a) {
        assertThat(Arrays.stream(Algorithm.values()).filter(b -> b.coseId() == a.coseId())).hasSize(1);
        assertThat(Arrays.stream(Algorithm.values()).filter(b -> b.displayName().equalsIgnoreCase(a.displayName()))).hasSize(1);
    }
}
