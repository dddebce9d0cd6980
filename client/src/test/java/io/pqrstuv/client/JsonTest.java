package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict streaming JSON layer under EcpCodec. */
class JsonTest {
    private static JsonNode parse(String s) throws IOException {
        return Json.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void valuesRoundTripExactly() throws IOException {
        String doc = "{\"s\":\"a\\\"b\\u00e9\\n\",\"i\":-7,\"l\":9007199254740993,\"big\":123456789012345678901234567890,"
                + "\"d\":1.10,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}],\"o\":{\"x\":\"y\"}}";
        JsonNode n = parse(doc);
        assertThat(n.get("s").textValue()).isEqualTo("a\"bé\n");
        assertThat(n.get("i").intValue()).isEqualTo(-7);
        assertThat(n.get("l").longValue()).isEqualTo(9007199254740993L);
        assertThat(n.get("big").bigIntegerValue()).hasToString("123456789012345678901234567890");
        assertThat(n.get("d").decimalValue()).hasToString("1.10");
        assertThat(n.get("n").isNull()).isTrue();
        // What is written parses back to an equal tree, in member order.
        assertThat(parse(Json.text(n))).isEqualTo(n);
        assertThat(Json.parse(Json.bytes(n))).isEqualTo(n);
        assertThat(Json.text(n)).startsWith("{\"s\":").contains("\"big\":123456789012345678901234567890");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"a\":1,\"a\":2}", "{\"a\":1} x", "[1] [2]", "{'a':1}", "{\"a\":01}",
        "{\"a\":NaN}", "{\"a\":1,}", "[1,]", "\"\\x\"", "tru", "{\"a\"}", "{1:2}"})
    void malformedDocumentsAreErrors(String bad) {
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(IOException.class);
    }

    @Test
    void nestingIsBounded() throws IOException {
        assertThat(parse("[".repeat(30) + "]".repeat(30)).isArray()).isTrue();
        assertThatThrownBy(() -> parse("[".repeat(5000) + "]".repeat(5000)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void objectBuilderWritesCompactJson() {
        var o = Json.object();
        o.put("identifier", "AAAA");
        o.put("export", false);
        o.put("n", 3);
        assertThat(new String(Json.bytes(o), StandardCharsets.UTF_8))
                .isEqualTo("{\"identifier\":\"AAAA\",\"export\":false,\"n\":3}");
    }
}
