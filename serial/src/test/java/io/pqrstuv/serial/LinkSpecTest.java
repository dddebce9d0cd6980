package io.pqrstuv.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkSpecTest {

    @Test
    void serialSpecsAndBarePaths() {
        assertThat(LinkSpec.parse("serial:/dev/ttyS0")).isEqualTo(new LinkSpec.Serial(Path.of("/dev/ttyS0")));
        assertThat(LinkSpec.parse("/dev/pts/7")).isEqualTo(new LinkSpec.Serial(Path.of("/dev/pts/7")));
        assertThat(LinkSpec.parse("/tmp/x/tty a")).isEqualTo(new LinkSpec.Serial(Path.of("/tmp/x/tty a")));
    }

    @Test
    void tcpSpecs() {
        assertThat(LinkSpec.parse("tcp:localhost:4000")).isEqualTo(new LinkSpec.TcpConnect("localhost", 4000));
        assertThat(LinkSpec.parse("tcp:[::1]:65535")).isEqualTo(new LinkSpec.TcpConnect("::1", 65535));
        assertThat(LinkSpec.parse("tcp-listen:0.0.0.0:1")).isEqualTo(new LinkSpec.TcpListen("0.0.0.0", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "serial:", "serial:dev/ttyS0", "ttyS0", "COM1", "udp:host:1",
        "tcp:", "tcp:host", "tcp:host:", "tcp::80", "tcp:host:abc", "tcp:host:-1", "tcp:host:70000", "tcp:host:0",
        "tcp:host:123456", "tcp:::1:80", "tcp:[::1:80", "tcp:[::1]80", "tcp:[::1]:", "tcp-listen:", "tcp-listen:host:x",
        "serial:/dev/tty\u0000S0"
    })
    void malformedSpecsAreRejected(String spec) {
        assertThatThrownBy(() -> LinkSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("link spec");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tcp:host", "nonsense", "tcp:h:99999"})
    void linksOpenTurnsMalformedSpecsIntoIoExceptions(String spec) {
        assertThatThrownBy(() -> Links.open(spec)).isInstanceOf(IOException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("link spec");
    }

    @Test
    void nullSpecIsRejected() {
        assertThatThrownBy(() -> Links.open(null)).isInstanceOf(IOException.class).hasMessageContaining("empty link spec");
    }

    @Test
    void missingDeviceIsAClearIoException() {
        assertThatThrownBy(() -> Links.open("serial:/dev/pqrstuv-missing0")).isInstanceOf(IOException.class)
                .hasMessage("serial device /dev/pqrstuv-missing0 does not exist");
        assertThatThrownBy(() -> Links.open("/dev/pqrstuv-missing1")).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void unresolvableHostIsAClearIoException() {
        assertThatThrownBy(() -> Links.open("tcp:no-such-host.invalid:4000")).isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-host.invalid");
    }
}
