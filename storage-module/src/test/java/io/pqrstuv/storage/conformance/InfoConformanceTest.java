package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORType;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checklist §1.6: GET_INFO and PING. */
class InfoConformanceTest extends ConformanceBase {

    private byte[] info() {
        ResponsePayload r = client.unauthenticated(Command.GET_INFO, NONE);
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(r.session()).isZero();
        assertThat(r.command()).isEqualTo(Command.GET_INFO.code());
        return r.data();
    }

    @Test
    void getInfoIsAStrictCborMapWithTheRequiredFields() {
        CBORObject map = CBORObject.DecodeFromBytes(info(), new CBOREncodeOptions("allowduplicatekeys=false"));
        assertThat(map.getType()).isEqualTo(CBORType.Map);
        for (CBORObject k : map.getKeys()) {
            assertThat(k.getType()).as("text keys").isEqualTo(CBORType.TextString);
        }
        for (String k : List.of("name", "serial_number", "manufacturer", "documentation")) {
            assertThat(map.get(k)).as(k).isNotNull();
            assertThat(map.get(k).getType()).as(k).isEqualTo(CBORType.TextString);
        }
        assertThat(map.get("token_hash_algo").AsInt32()).isEqualTo(-16);
        CBORObject algs = map.get("available_cryptosystems");
        assertThat(algs.getType()).isEqualTo(CBORType.Array);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < algs.size(); i++) {
            assertThat(algs.get(i).isNumber()).isTrue();
            ids.add(algs.get(i).AsInt32());
        }
        assertThat(ids).containsExactlyElementsOf(Algorithm.PROFILE.stream().map(Algorithm::coseId).toList());
        assertThat(ids).as("at least one KEM (D-15)").containsAnyElementsOf(Set.of(-41, -42, -65537, -65538, -65539));
        assertThat(ids).as("never the colliding draft SLH-DSA ids (D-43)").doesNotContain(-51, -52, -53);
    }

    @Test
    void getInfoIsByteIdenticalAcrossStateChangesResetsAndRestarts() throws Exception {
        byte[] before = info();
        auth(Command.KEYGEN, AlgId.encode(Algorithm.ED25519.coseId()));
        assertThat(info()).isEqualTo(before);
        assertThat(auth(Command.CRYPTO_RST, NONE).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(info()).isEqualTo(before);
        assertThat(auth(Command.DEV_RST, NONE).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(info()).isEqualTo(before);
        module.restart();
        client = module.client();
        assertThat(info()).isEqualTo(before);
    }

    @Test
    void getInfoAndInitWithOperationDataAreInvalidSyntax() {
        assertError(client.unauthenticated(Command.GET_INFO, new byte[1]), 0, Command.GET_INFO, ResponseCode.INVALID_SYNTAX);
        assertError(client.unauthenticated(Command.INIT, new byte[1]), 0, Command.INIT, ResponseCode.INVALID_SYNTAX);
    }

    @Test
    void pingEchoesRandomData() {
        for (int size : new int[] {0, 1, 1000, 4096}) {
            byte[] data = random(size);
            ResponsePayload r = client.unauthenticated(Command.PING, data);
            assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(r.data()).isEqualTo(data);
        }
    }
}
