package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.client.error.DeviceException;
import io.pqrstuv.client.error.MalformedResponseException;
import io.pqrstuv.client.keys.CoseKeys;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated inputs never escape as anything but the documented checked exceptions: no
 * NullPointerException, ClassCastException or Jackson exception reaches a caller.
 */
class ParserRobustnessTest {
    private static final List<String> VALID = List.of(
            "{\"code\":0,\"result\":{\"session\":\"-s76zg\",\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\"}}",
            "{\"code\":0,\"result\":{\"count\":1,\"identifiers\":[\"AAECAwQFBgcICQoLDA0ODw\"]}}",
            "{\"code\":0,\"result\":{\"name\":\"x\",\"available_cryptosystems\":[-49,-7],\"token_hash_algo\":-16}}",
            "{\"code\":0,\"result\":\"AAECAwQFBgcICQoLDA0ODw\"}",
            "{\"code\":8,\"result\":\"\"}");

    @Test
    void mutatedRepliesOnlyRaiseProtocolExceptions() {
        Random r = new Random(42);
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] b = VALID.get(r.nextInt(VALID.size())).getBytes(StandardCharsets.UTF_8);
            b = mutate(b, r);
            try {
                var node = EcpCodec.result(Api.INIT, b);
                switch (i % 4) {
                    case 0 -> EcpCodec.init(node);
                    case 1 -> EcpCodec.keyList(Algorithm.ES256, node);
                    case 2 -> EcpCodec.info(node);
                    default -> EcpCodec.keyId(Api.KEYGEN, node);
                }
                parsed++;
            } catch (MalformedResponseException | DeviceException expected) {
                // the only allowed outcomes
            }
        }
        assertThat(parsed).isLessThan(5000);
    }

    @Test
    void randomPublicKeysOnlyRaiseInvalidKey() {
        Random r = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[r.nextInt(120)];
            r.nextBytes(b);
            if (b.length > 2 && r.nextBoolean()) {
                b[0] = 0x30; // look like a SEQUENCE
                b[1] = (byte) (b.length - 2);
            }
            try {
                DeviceKeys.candidates(b);
                DeviceKeys.publicKey(b);
                CoseKeys.publicCose(Algorithm.ES256, b);
            } catch (InvalidKeyException expected) {
                // fine
            }
        }
    }

    @Test
    void randomKeyIdsAndPinsOnlyRaiseIllegalArgument() {
        Random r = new Random(3);
        String alphabet = "AZaz09-_=+/ :x";
        for (int i = 0; i < 3000; i++) {
            char[] c = new char[r.nextInt(70)];
            for (int j = 0; j < c.length; j++) {
                c[j] = alphabet.charAt(r.nextInt(alphabet.length()));
            }
            String s = new String(c);
            try {
                KeyId.parse(s);
            } catch (IllegalArgumentException expected) {
                // fine
            }
            try {
                Trust.fingerprint(s);
            } catch (IllegalArgumentException expected) {
                // fine
            }
        }
    }

    private static byte[] mutate(byte[] b, Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 1 -> {
                byte[] c = b.clone();
                c[r.nextInt(c.length)] = (byte) r.nextInt(256);
                yield c;
            }
            case 2 -> {
                byte[] c = b.clone();
                String syntax = "{}[]\":,0-9eE.\\ntf";
                c[r.nextInt(c.length)] = (byte) syntax.charAt(r.nextInt(syntax.length()));
                yield c;
            }
            default -> b;
        };
    }
}
