package io.pqrstuv.operation.icp;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** D-50 and notes §4: wire time of the longest reply + 2 s slack + compute margin, at most 120 s. */
class ReplyTimeoutsTest {
    @Test
    void sizedFromTheWireTimeAt9600() {
        ReplyTimeouts t = new ReplyTimeouts(9600);
        // SIGN: a full 50,000-byte reply frame is 52.08 s at 960 bytes/s, + 2 s + 60 s.
        assertThat(t.forCommand(Command.SIGN, 109)).isBetween(Duration.ofMillis(114_080), Duration.ofMillis(114_090));
        // INIT: 128 bytes = 0.133 s, + 2 s + 10 s.
        assertThat(t.forCommand(Command.INIT, 61)).isBetween(Duration.ofMillis(12_130), Duration.ofMillis(12_140));
        // The largest PING echoes 49,985 bytes (52.07 s) + 12 s.
        assertThat(t.forCommand(Command.PING, 50_000)).isBetween(Duration.ofMillis(64_060), Duration.ofMillis(64_080));
    }

    @Test
    void neverMoreThan120Seconds() {
        assertThat(new ReplyTimeouts(300).forCommand(Command.SIGN, 109)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void unlimitedLinkKeepsOnlyTheMargins() {
        ReplyTimeouts t = new ReplyTimeouts(0);
        assertThat(t.forCommand(Command.SIGN, 109)).isEqualTo(Duration.ofSeconds(62));
        assertThat(t.forCommand(Command.GET_INFO, 61)).isEqualTo(Duration.ofSeconds(12));
        assertThat(ReplyTimeouts.fixed(Duration.ofMillis(5)).forCommand(Command.SIGN, 109)).isEqualTo(Duration.ofMillis(5));
    }
}
