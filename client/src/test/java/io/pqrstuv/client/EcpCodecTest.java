package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.client.error.ChecksumFailedException;
import io.pqrstuv.client.error.CommandFailedException;
import io.pqrstuv.client.error.CommandRejectedException;
import io.pqrstuv.client.error.CryptoKeyMismatchException;
import io.pqrstuv.client.error.DeviceException;
import io.pqrstuv.client.error.IncorrectSecretException;
import io.pqrstuv.client.error.InvalidCommandException;
import io.pqrstuv.client.error.InvalidSyntaxException;
import io.pqrstuv.client.error.MalformedResponseException;
import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.client.error.RateLimitedException;
import io.pqrstuv.client.error.SessionUnavailableException;
import io.pqrstuv.client.error.UnknownErrorException;
import io.pqrstuv.ecp.Api;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.Algorithm;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict parsing of 200 replies: every malformation is a typed exception. */
class EcpCodecTest {
    private static com.fasterxml.jackson.databind.JsonNode parse(Api api, String body) throws PqrstuvException {
        return EcpCodec.result(api, body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "nope", "[]", "\"x\"", "{}", "{\"code\":0}", "{\"result\":\"\"}",
        "{\"code\":\"0\",\"result\":\"\"}", "{\"code\":0.5,\"result\":\"\"}", "{\"code\":-1,\"result\":\"\"}",
        "{\"code\":256,\"result\":\"\"}", "{\"code\":10,\"result\":\"\"}", "{\"code\":0,\"result\":5}",
        "{\"code\":0,\"result\":null}", "{\"code\":0,\"result\":[]}", "{\"code\":0,\"result\":\"\",\"data\":\"\"}",
        "{\"code\":0,\"code\":0,\"result\":\"\"}", "{\"code\":0,\"result\":\"\"} {}", "{\"code\":8,\"result\":\"AA\"}",
        "{\"code\":99999999999,\"result\":\"\"}"
    })
    void malformedRepliesAreRejected(String body) {
        assertThatThrownBy(() -> parse(Api.PING, body))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageStartingWith("/ping: malformed response: ");
    }

    @ParameterizedTest
    @EnumSource(value = ResponseCode.class, mode = EnumSource.Mode.EXCLUDE, names = "SUCCESS")
    void everyErrorCodeHasItsException(ResponseCode rc) {
        Map<ResponseCode, Class<?>> expected = Map.of(
                ResponseCode.INCORRECT_SECRET, IncorrectSecretException.class,
                ResponseCode.RATE_LIMITED, RateLimitedException.class,
                ResponseCode.SESSION_UNAVAILABLE, SessionUnavailableException.class,
                ResponseCode.CRYPTO_KEY_MISMATCH, CryptoKeyMismatchException.class,
                ResponseCode.CMD_FAIL, CommandFailedException.class,
                ResponseCode.INVALID_CMD, InvalidCommandException.class,
                ResponseCode.INVALID_SYNTAX, InvalidSyntaxException.class,
                ResponseCode.CHECKSUM_FAIL, ChecksumFailedException.class,
                ResponseCode.CMD_REJECTED, CommandRejectedException.class,
                ResponseCode.UNKNOWN_ERR, UnknownErrorException.class);
        assertThatThrownBy(() -> parse(Api.SIGN, "{\"code\":" + rc.code() + ",\"result\":\"\"}"))
                .isExactlyInstanceOf(expected.get(rc))
                .hasMessageStartingWith("/sign: " + rc.name() + " (" + rc.code() + ")")
                .satisfies(e -> {
                    assertThat(((DeviceException) e).code()).isEqualTo(rc);
                    assertThat(((DeviceException) e).api()).isEqualTo(Api.SIGN);
                });
    }

    @Test
    void initResult() throws Exception {
        SessionGrant g = EcpCodec.init(parse(Api.INIT,
                "{\"code\":0,\"result\":{\"session\":\"-s76zg\",\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\"}}"));
        assertThat(g.session()).containsExactly(0xFA, 0xCE, 0xFA, 0xCE);
        assertThat(g.nonce()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        assertThat(g.sessionHeader()).isEqualTo("-s76zg");
        assertThat(g.toString()).doesNotContain("-s76zg");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"\"", "{\"session\":\"-s76zg\"}", "{\"session\":\"-s76zg\",\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\",\"x\":1}",
        "{\"session\":\"AAAAAA\",\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\"}", "{\"session\":\"_____w\",\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\"}",
        "{\"session\":\"-s76\",\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\"}", "{\"session\":\"-s76zg\",\"nonce\":\"AAECAwQFBgcICQoLDA0OD\"}",
        "{\"session\":\"-s76zg\",\"nonce\":\"AAECAwQFBgcICQoLDA0ODw==\"}", "{\"session\":\"+s76zg\",\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\"}",
        "{\"session\":1,\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\"}"
    })
    void malformedInitResults(String result) {
        assertThatThrownBy(() -> EcpCodec.init(parse(Api.INIT, "{\"code\":0,\"result\":" + result + "}")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void listKeysResult() throws Exception {
        String a = "AAAAAAAAAAAAAAAAAAAAAA";
        String b = "_____________________w"; // 0xFF… sorts after 0x00… as unsigned bytes (D-20)
        KeyList l = EcpCodec.keyList(Algorithm.ES256, parse(Api.LIST_KEYS,
                "{\"code\":0,\"result\":{\"count\":2,\"identifiers\":[\"" + a + "\",\"" + b + "\"]}}"));
        assertThat(l.count()).isEqualTo(2);
        assertThat(l.identifiers()).extracting(KeyId::base64Url).containsExactly(a, b);
        assertThat(EcpCodec.keyList(Algorithm.ES256, parse(Api.LIST_KEYS,
                "{\"code\":0,\"result\":{\"count\":0,\"identifiers\":[]}}")).count()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"\"", "{\"count\":1,\"identifiers\":[]}", "{\"count\":-1,\"identifiers\":[]}",
        "{\"count\":1,\"identifiers\":[\"AAAA\"]}", "{\"count\":1,\"identifiers\":[1]}",
        "{\"count\":2,\"identifiers\":[\"_____________________w\",\"AAAAAAAAAAAAAAAAAAAAAA\"]}",
        "{\"count\":2,\"identifiers\":[\"AAAAAAAAAAAAAAAAAAAAAA\",\"AAAAAAAAAAAAAAAAAAAAAA\"]}",
        "{\"count\":0,\"identifiers\":{}}", "{\"count\":0}", "{\"count\":0,\"identifiers\":[],\"extra\":0}"
    })
    void malformedListKeys(String result) {
        assertThatThrownBy(() -> EcpCodec.keyList(Algorithm.ES256, parse(Api.LIST_KEYS, "{\"code\":0,\"result\":" + result + "}")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void infoResult() throws Exception {
        DeviceInfo i = EcpCodec.info(parse(Api.INFO, "{\"code\":0,\"result\":{\"name\":\"PQRSTUV Demo Device\","
                + "\"serial_number\":\"d3f2\",\"manufacturer\":\"Cryptane\",\"documentation\":\"example.com\","
                + "\"available_cryptosystems\":[-50,-7,-65537,-99],\"token_hash_algo\":-16}}"));
        assertThat(i.name()).contains("PQRSTUV Demo Device");
        assertThat(i.algorithms()).containsExactly(Algorithm.ML_DSA_87, Algorithm.ES256, Algorithm.ML_KEM_512);
        assertThat(i.unknownAlgorithmIds()).containsExactly(-99);
        assertThat(i.tokenHashAlgorithm()).isEqualTo(-16);
        assertThat(i.offers(Algorithm.ES256)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "{}", "{\"available_cryptosystems\":[-7]}", "{\"available_cryptosystems\":\"-7\",\"token_hash_algo\":-16}",
        "{\"available_cryptosystems\":[\"-7\"],\"token_hash_algo\":-16}", "{\"available_cryptosystems\":[-7],\"token_hash_algo\":\"-16\"}"})
    void malformedInfo(String result) {
        assertThatThrownBy(() -> EcpCodec.info(parse(Api.INFO, "{\"code\":0,\"result\":" + result + "}")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void scalarResults() throws Exception {
        assertThat(EcpCodec.bytes(Api.PING, parse(Api.PING, "{\"code\":0,\"result\":\"\"}"), true)).isEmpty();
        for (String bad : new String[] {"\"\"", "\"AA==\"", "\"A\"", "\"AB\"", "\"a+b/\"", "{}"}) {
            assertThatThrownBy(() -> EcpCodec.bytes(Api.SIGN, parse(Api.SIGN, "{\"code\":0,\"result\":" + bad + "}"), false))
                    .isInstanceOf(MalformedResponseException.class);
        }
        assertThatThrownBy(() -> EcpCodec.empty(Api.CRYPTO_RESET, parse(Api.CRYPTO_RESET, "{\"code\":0,\"result\":\"x\"}")))
                .isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> EcpCodec.keyId(Api.KEYGEN, parse(Api.KEYGEN, "{\"code\":0,\"result\":\"AAAAAAAAAAAAAAAAAAAA\"}")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void base64BodyIsValidJson() throws Exception {
        byte[] body = EcpCodec.base64Body(new byte[] {(byte) 0xfb, (byte) 0xff});
        assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("{\"data\":\"-_8\"}");
        assertThat(Json.parse(body).get("data").textValue()).isEqualTo("-_8");
    }
}
