package io.pqrstuv.operation.icp;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.RequestPayload;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** P-96: what the ICP client learns of key algorithms from its own traffic, and what it forgets. */
class KeyAlgorithmsTest {
    private final KeyAlgorithms keys = new KeyAlgorithms();

    private static byte[] id(int n) {
        return ByteBuffer.allocate(16).putInt(12, n).array();
    }

    private static RequestPayload request(Command c, byte[] opData) {
        return new RequestPayload(9, new byte[16], c, opData);
    }

    private static IcpReply ok(byte[] data) {
        return new IcpReply(ResponseCode.SUCCESS, data);
    }

    private static byte[] alg(Algorithm a) {
        return AlgId.encode(a.coseId());
    }

    private static byte[] signOp(int n) {
        return Arrays.copyOf(id(n), 48);
    }

    @Test
    void learnsFromKeygenKeyListAndGetPub() {
        keys.learn(request(Command.KEYGEN, alg(Algorithm.ML_DSA_65)), ok(id(1)));
        ByteBuffer list = ByteBuffer.allocate(4 + 32).putInt(2).put(id(2)).put(id(3));
        keys.learn(request(Command.KEY_LST, alg(Algorithm.ED25519)), ok(list.array()));
        byte[] cose = CBORObject.NewOrderedMap().Add(1, 7).Add(3, Algorithm.SLH_DSA_SHAKE_128S.coseId())
                .Add(-1, new byte[32]).EncodeToBytes();
        keys.learn(request(Command.GET_PUB, id(4)), ok(cose));

        assertThat(keys.ofKeyIn(signOp(1))).contains(Algorithm.ML_DSA_65);
        assertThat(keys.ofKeyIn(signOp(2))).contains(Algorithm.ED25519);
        assertThat(keys.ofKeyIn(signOp(3))).contains(Algorithm.ED25519);
        assertThat(keys.ofKeyIn(signOp(4))).contains(Algorithm.SLH_DSA_SHAKE_128S);
        assertThat(keys.ofKeyIn(signOp(5))).isEmpty();
        assertThat(keys.ofKeyIn(new byte[15])).isEmpty();
    }

    @Test
    void learnsNothingFromErrorsImportsOrMalformedData() {
        keys.learn(request(Command.KEYGEN, alg(Algorithm.ES256)), new IcpReply(ResponseCode.CMD_FAIL, new byte[0]));
        keys.learn(request(Command.KEYGEN, AlgId.encode(4242)), ok(id(1))); // not in the profile
        keys.learn(request(Command.IMPORT, new byte[100]), ok(id(2)));
        keys.learn(request(Command.GET_PUB, id(3)), ok(new byte[] {(byte) 0xA1, 0x03})); // truncated CBOR
        keys.learn(request(Command.GET_PUB, id(3)), ok(CBORObject.FromObject("not a map").EncodeToBytes()));
        keys.learn(request(Command.GET_PUB, id(3)), ok(CBORObject.NewMap().Add(3, "ES256").EncodeToBytes()));
        keys.learn(new RequestPayload(9, new byte[16], 0x7E, new byte[3]), ok(id(4))); // an unknown command byte
        assertThat(keys.size()).isZero();
    }

    @Test
    void forgetsDeletedKeysAndEverythingOnResets() {
        for (int i = 0; i < 3; i++) {
            keys.learn(request(Command.KEYGEN, alg(Algorithm.ES256)), ok(id(i)));
        }
        keys.learn(request(Command.KEY_DEL, id(0)), new IcpReply(ResponseCode.CMD_FAIL, new byte[0]));
        assertThat(keys.ofKeyIn(signOp(0))).contains(Algorithm.ES256); // not deleted
        keys.learn(request(Command.KEY_DEL, id(0)), ok(new byte[0]));
        assertThat(keys.ofKeyIn(signOp(0))).isEmpty();
        assertThat(keys.size()).isEqualTo(2);
        keys.learn(request(Command.CRYPTO_RST, new byte[0]), ok(new byte[0]));
        assertThat(keys.size()).isZero();
        keys.learn(request(Command.KEYGEN, alg(Algorithm.ES256)), ok(id(7)));
        keys.learn(request(Command.DEV_RST, new byte[0]), ok(new byte[0]));
        assertThat(keys.size()).isZero();
    }

    @Test
    void boundedLeastRecentlyUsedFirstOut() {
        for (int i = 0; i < KeyAlgorithms.CAPACITY; i++) {
            keys.learn(request(Command.KEYGEN, alg(Algorithm.ES256)), ok(id(i)));
        }
        assertThat(keys.ofKeyIn(signOp(0))).isPresent(); // used: now the most recent
        keys.learn(request(Command.KEYGEN, alg(Algorithm.ES256)), ok(id(KeyAlgorithms.CAPACITY)));
        assertThat(keys.size()).isEqualTo(KeyAlgorithms.CAPACITY);
        assertThat(keys.ofKeyIn(signOp(0))).isPresent();
        assertThat(keys.ofKeyIn(signOp(1))).isEmpty(); // the least recently used went
    }
}
