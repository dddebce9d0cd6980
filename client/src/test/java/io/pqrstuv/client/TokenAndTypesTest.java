package io.pqrstuv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.AuthToken;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** §0.4 token vectors (CLIENT-4) and the small value types. */
class TokenAndTypesTest {
    private static final byte[] NONCE = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void tokenVectors() {
        assertThat(HexFormat.of().withUpperCase().formatHex(AuthToken.compute(new byte[0], NONCE)))
                .isEqualTo("BE45CB2605BF36BEBDE684841A28F0FD");
        assertThat(HexFormat.of().withUpperCase().formatHex(
                AuthToken.compute("correct horse".getBytes(StandardCharsets.UTF_8), NONCE)))
                .isEqualTo("35A7E539BF2D72E27381958EC770CCBC");
    }

    @Test
    void keyIds() {
        KeyId k = KeyId.parse("AAECAwQFBgcICQoLDA0ODw");
        assertThat(k.bytes()).isEqualTo(NONCE);
        assertThat(k).isEqualTo(new KeyId(NONCE)).hasSameHashCodeAs(new KeyId(NONCE));
        assertThat(k.toString()).isEqualTo("AAECAwQFBgcICQoLDA0ODw");
        assertThat(new KeyId(new byte[16]).compareTo(KeyId.parse("_____________________w"))).isNegative();
        for (String bad : new String[] {"", "AAECAwQFBgcICQoLDA0OD", "AAECAwQFBgcICQoLDA0ODw==", "AAECAwQFBgcICQoLDA0ODx",
            "AAECAwQFBgcICQoLDA0OD+", "AAECAwQFBgcICQoLDA0ODwAA"}) {
            assertThatThrownBy(() -> KeyId.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] raw = NONCE.clone();
        KeyId copy = new KeyId(raw);
        raw[0] = 9;
        assertThat(copy.bytes()[0]).isZero();
    }

    @Test
    void requestValueChecks() {
        KeyId id = new KeyId(NONCE);
        assertThatThrownBy(() -> new TlsRenewal(false, "DEU", "", "", "", "", "cn", id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsRenewal(false, "", "", "", "", "", " ", id)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TlsRenewal(false, null, null, null, null, null, "cn", id).state()).isEmpty();
        assertThatThrownBy(() -> new SyslogTarget("example.com", 514)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyslogTarget("10.0.0.1\",\"x", 514)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyslogTarget("10.0.0.1", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyslogTarget("10.0.0.1", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new String(new SyslogTarget("fd00::1", 65535).toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"syslog_server_host\":\"fd00::1\",\"syslog_port\":65535}");
    }
}
