package io.pqrstuv.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one HOST:PORT parser, as the launchers' --listen uses it (link specs: LinkSpecTest). */
class HostPortTest {

    @Test
    void listenAddresses() {
        assertThat(HostPort.parseListen("127.0.0.1:8443")).isEqualTo(new HostPort("127.0.0.1", 8443));
        assertThat(HostPort.parseListen("[::1]:0")).isEqualTo(new HostPort("::1", 0));
        assertThat(HostPort.parseListen("0.0.0.0:65535").toSocketAddress()).isEqualTo(new InetSocketAddress("0.0.0.0", 65535));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8443", ":8443", "host:", "host:x", "host:+80", "host:-1", "host:65536", "host:123456",
        "::1:80", "[::1:80", "[::1]80", "[::1]:", "[]:80"})
    void malformedListenAddressesSayWhatIsWrong(String text) {
        assertThatThrownBy(() -> HostPort.parseListen(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("listen address '" + text + "'");
    }

    @Test
    void portZeroOnlyWhereTheSystemMayChoose() {
        assertThat(HostPort.parse("h:0", "x", true).port()).isZero();
        assertThatThrownBy(() -> HostPort.parse("h:0", "link spec 'tcp:h:0'", false))
                .hasMessage("link spec 'tcp:h:0' has port 0 outside 1..65535");
    }
}
