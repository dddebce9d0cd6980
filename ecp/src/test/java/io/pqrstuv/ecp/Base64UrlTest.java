package io.pqrstuv.ecp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {

    @Test
    void decodesTheSpecExamples() {
        // Notes §0.4: "-s76zg" = FACEFACE, the nonce example, and the unauthenticated headers.
        assertThat(Base64Url.decode("-s76zg")).hasValue(HexFormat.of().parseHex("FACEFACE"));
        assertThat(Base64Url.decode("AAECAwQFBgcICQoLDA0ODw")).hasValue(HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F"));
        assertThat(Base64Url.decode(Api.UNAUTHENTICATED_SESSION, 4)).hasValue(new byte[4]);
        assertThat(Base64Url.decode(Api.UNAUTHENTICATED_TOKEN, 16)).hasValue(new byte[16]);
        assertThat(Base64Url.decode("")).hasValue(new byte[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AAAAAA==", // padding (D-28)
        "AAAAAA=",
        "+s76zg", // standard alphabet, not URL-safe
        "/s76zg",
        "AAAAAB", // non-canonical: unused trailing bits set
        "AAB", // non-canonical 2-byte ending
        "AAAAA", // length mod 4 == 1
        "AA AA", // whitespace
        "AAAA\n",
        "ÄAAA"
    })
    void rejectsEverythingButCanonicalUnpaddedBase64Url(String s) {
        assertThat(Base64Url.decode(s)).isEmpty();
    }

    @Test
    void insistsOnTheDecodedLength() {
        assertThat(Base64Url.decode("AAAA", 4)).isEmpty(); // 3 bytes
        assertThat(Base64Url.decode("AAAAAAAA", 4)).isEmpty(); // 6 bytes
    }

    @Test
    void roundTripsRandomBytesOfEveryLength() {
        Random r = new Random(42);
        for (int len = 0; len < 300; len++) {
            byte[] b = new byte[len];
            r.nextBytes(b);
            String s = Base64Url.encode(b);
            assertThat(s).matches("[A-Za-z0-9_-]*");
            assertThat(Base64Url.decode(s)).hasValue(b);
        }
    }
}
