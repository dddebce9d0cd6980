package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checklist §1.8 (resets) and §1.9 (KEYGEN, KEY_LST, KEY_DEL, IMPORT, GET_PUB). */
class KeyLifecycleConformanceTest extends ConformanceBase {

    private List<byte[]> list(Algorithm alg) {
        ResponsePayload r = auth(Command.KEY_LST, AlgId.encode(alg.coseId()));
        assertCode(r, ResponseCode.SUCCESS);
        ByteBuffer b = ByteBuffer.wrap(r.data());
        int count = b.getInt();
        assertThat(r.data()).hasSize(4 + 16 * count);
        List<byte[]> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[16];
            b.get(id);
            ids.add(id);
        }
        return ids;
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"SLH_DSA_.*_(128|192|256)S"}, mode = EnumSource.Mode.MATCH_NONE)
    void keygenThenGetPubForEveryAlgorithm(Algorithm alg) throws Exception {
        byte[] id = keygen(alg);
        byte[] cose = getPub(id);
        CBORObject m = IndependentCrypto.publicCoseMap(cose);
        assertThat(m.get(CBORObject.FromObject(1)).AsInt32()).isEqualTo(alg.keyType().coseValue());
        assertThat(m.get(CBORObject.FromObject(3)).AsInt32()).isEqualTo(alg.coseId());
        assertThat(IndependentCrypto.publicKeyFromCose(alg, cose)).isNotNull();
        assertThat(list(alg)).singleElement().satisfies(x -> assertThat(x).isEqualTo(id));
    }

    @Test
    void keygenOperandRules() {
        assertThat(auth(Command.KEYGEN, AlgId.encode(-16)).code()).as("a hash").isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(auth(Command.KEYGEN, AlgId.encode(-65535)).code()).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(auth(Command.KEYGEN, new byte[] {0, 0, 0x30}).code()).as("+48").isEqualTo(ResponseCode.CMD_FAIL);
        assertCode(auth(Command.KEYGEN, new byte[] {(byte) 0xFF, (byte) 0xD0}), ResponseCode.INVALID_SYNTAX);
        assertCode(auth(Command.KEYGEN, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xD0, 0}), ResponseCode.INVALID_SYNTAX);
        assertCode(auth(Command.KEY_LST, AlgId.encode(-16)), ResponseCode.CMD_FAIL);
        assertCode(auth(Command.KEY_LST, new byte[2]), ResponseCode.INVALID_SYNTAX);
    }

    @Test
    void keyListIsUnsignedLexicographicAndPerAlgorithm() {
        Set<String> made = new HashSet<>();
        boolean low = false;
        boolean high = false;
        while (made.size() < 20 || !low || !high) {
            byte[] id = keygen(Algorithm.ED25519);
            made.add(HexFormat.of().formatHex(id));
            low |= (id[0] & 0x80) == 0;
            high |= (id[0] & 0x80) != 0;
        }
        keygen(Algorithm.ES256);
        List<byte[]> ids = list(Algorithm.ED25519);
        assertThat(ids).hasSize(made.size());
        assertThat(ids.stream().map(HexFormat.of()::formatHex).toList()).containsExactlyInAnyOrderElementsOf(made);
        List<byte[]> sorted = new ArrayList<>(ids);
        sorted.sort(Arrays::compareUnsigned);
        assertThat(ids).containsExactlyElementsOf(sorted);
        assertThat(list(Algorithm.ES256)).hasSize(1);
        assertThat(list(Algorithm.ML_DSA_87)).isEmpty();
    }

    @Test
    void keygenIdsAreDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(HexFormat.of().formatHex(keygen(Algorithm.ED25519)));
        }
        assertThat(ids).hasSize(50);
    }

    @Test
    void keyDelRemovesTheKeyEverywhere() {
        byte[] sig = keygen(Algorithm.ES256);
        byte[] other = keygen(Algorithm.ES256);
        assertCode(auth(Command.KEY_DEL, sig), ResponseCode.SUCCESS);
        assertThat(auth(Command.KEY_DEL, sig).data()).isEmpty();
        assertThat(list(Algorithm.ES256)).singleElement().satisfies(x -> assertThat(x).isEqualTo(other));
        assertCode(auth(Command.GET_PUB, sig), ResponseCode.CMD_FAIL);
        assertCode(auth(Command.SIGN, concat(sig, random(32))), ResponseCode.CMD_FAIL);
        assertCode(auth(Command.DECAPS, concat(sig, random(1088))), ResponseCode.CMD_FAIL);
        assertCode(auth(Command.KEY_DEL, sig), ResponseCode.CMD_FAIL);
        assertCode(auth(Command.KEY_DEL, random(15)), ResponseCode.INVALID_SYNTAX);
        assertCode(auth(Command.GET_PUB, random(17)), ResponseCode.INVALID_SYNTAX);
        assertCode(auth(Command.GET_PUB, random(16)), ResponseCode.CMD_FAIL);
    }

    @Test
    void getPubDoesNotDeleteTheKey() throws Exception {
        byte[] id = keygen(Algorithm.ED25519);
        byte[] first = getPub(id);
        assertThat(getPub(id)).isEqualTo(first);
        byte[] doc = random(100);
        ResponsePayload r = auth(Command.SIGN, concat(id, IndependentCrypto.sha3(doc)));
        assertCode(r, ResponseCode.SUCCESS);
        assertThat(IndependentCrypto.verify(Algorithm.ED25519, IndependentCrypto.publicKeyFromCose(Algorithm.ED25519, first), doc, r.data()))
                .isTrue();
    }

    @Test
    void cryptoResetDeletesEveryKey() {
        byte[] a = keygen(Algorithm.ED25519);
        keygen(Algorithm.ML_KEM_512);
        ResponsePayload r = auth(Command.CRYPTO_RST, NONE);
        assertCode(r, ResponseCode.SUCCESS);
        assertThat(r.data()).isEmpty();
        for (Algorithm alg : Algorithm.PROFILE) {
            assertThat(list(alg)).as(alg.toString()).isEmpty();
        }
        assertCode(auth(Command.GET_PUB, a), ResponseCode.CMD_FAIL);
    }

    @Test
    void deviceResetDeletesEveryKey() {
        keygen(Algorithm.ES256);
        keygen(Algorithm.ML_DSA_44);
        assertCode(auth(Command.DEV_RST, NONE), ResponseCode.SUCCESS);
        for (Algorithm alg : Algorithm.PROFILE) {
            assertThat(list(alg)).as(alg.toString()).isEmpty();
        }
    }

    @Test
    void resetsNeedEmptyOperationDataAndAnAuthenticatedSession() {
        assertCode(auth(Command.DEV_RST, new byte[1]), ResponseCode.INVALID_SYNTAX);
        assertCode(auth(Command.CRYPTO_RST, new byte[1]), ResponseCode.INVALID_SYNTAX);
        ResponsePayload r = client.call(io.pqrstuv.icp.payload.RequestPayload.unauthenticated(Command.DEV_RST, NONE));
        assertError(r, 0, Command.DEV_RST, ResponseCode.SESSION_UNAVAILABLE);
        byte[] id = keygen(Algorithm.ED25519);
        assertThat(getPub(id)).isNotEmpty();
    }

    @Test
    void importRejectsMalformedAndUnlistedKeys() {
        assertCode(auth(Command.IMPORT, NONE), ResponseCode.INVALID_SYNTAX);
        assertCode(auth(Command.IMPORT, new byte[] {(byte) 0xA2, 0x01}), ResponseCode.INVALID_SYNTAX);
        assertCode(auth(Command.IMPORT, CBORObject.FromObject(5).EncodeToBytes()), ResponseCode.INVALID_SYNTAX);
        CBORObject rs1 = CBORObject.NewOrderedMap();
        rs1.set(1, CBORObject.FromObject(3));
        rs1.set(3, CBORObject.FromObject(-65535));
        assertCode(auth(Command.IMPORT, rs1.EncodeToBytes()), ResponseCode.CMD_FAIL);
        for (Algorithm alg : Algorithm.PROFILE) {
            assertThat(list(alg)).isEmpty();
        }
    }

    @Test
    void keyIdsAreSixteenBytes() {
        assertThat(keygen(Algorithm.ML_KEM_768)).hasSize(KeyIds.LENGTH);
    }
}
