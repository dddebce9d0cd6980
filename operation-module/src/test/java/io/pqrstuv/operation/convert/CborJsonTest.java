package io.pqrstuv.operation.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CborJsonTest {
    @Test
    void convertsTheInfoMap() throws Exception {
        CBORObject m = CBORObject.NewOrderedMap();
        m.Add("name", "PQRSTUV Demo Device");
        m.Add("available_cryptosystems", CBORObject.NewArray().Add(-50).Add(-65538).Add(-7));
        m.Add("token_hash_algo", -16);
        m.Add("flag", true);
        assertThat(CborJson.toJsonObject(m.EncodeToBytes()).toString()).isEqualTo(
                "{\"name\":\"PQRSTUV Demo Device\",\"available_cryptosystems\":[-50,-65538,-7],\"token_hash_algo\":-16,\"flag\":true}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",            // nothing
        "80",          // an array, not a map
        "a1",          // truncated map
        "a10101",      // integer key
        "a1616101a1",  // trailing junk
        "a16161f93c00", // a float value
        "a16161c101",  // a tagged value
        "a2616101616102", // duplicate key
        "bf616101ff",  // fine indefinite map? must still be a map of text keys: accepted or refused, never a crash
    })
    void refusesMalformedOrUnsupportedCbor(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (hex.startsWith("bf")) {
            try {
                CborJson.toJsonObject(bytes);
            } catch (ConversionException e) {
                // either outcome is fine; what matters is no other exception
            }
            return;
        }
        assertThatThrownBy(() -> CborJson.toJsonObject(bytes)).isInstanceOf(ConversionException.class);
    }
}
