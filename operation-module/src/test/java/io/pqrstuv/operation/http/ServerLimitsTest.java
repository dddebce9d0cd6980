package io.pqrstuv.operation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** P-85: the connection cap follows the open-file limit; nonsense limits are refused. */
class ServerLimitsTest {
    private static final Duration S = Duration.ofSeconds(1);

    @Test
    void theCapIsAQuarterOfTheOpenFileLimitBetweenSixteenAndTheMaximum() {
        assertThat(ServerLimits.forOpenFileLimit(4096).maxConnections()).isEqualTo(1024);
        assertThat(ServerLimits.forOpenFileLimit(1_048_576).maxConnections()).isEqualTo(ServerLimits.MAX_CONNECTIONS);
        assertThat(ServerLimits.forOpenFileLimit(1024).maxConnections()).isEqualTo(256);
        assertThat(ServerLimits.forOpenFileLimit(20).maxConnections()).isEqualTo(16);
    }

    @Test
    void oneSourceNeverGetsMoreThanTheCap() {
        assertThat(ServerLimits.forOpenFileLimit(4096).maxConnectionsPerAddress()).isEqualTo(128);
        assertThat(ServerLimits.forOpenFileLimit(256).maxConnectionsPerAddress()).isEqualTo(64);
        assertThat(ServerLimits.forOpenFileLimit(20).maxConnectionsPerAddress()).isEqualTo(16);
    }

    @Test
    void theDefaultsFollowThisProcess() {
        ServerLimits d = ServerLimits.defaults();
        assertThat(d.maxConnections()).isBetween(16, ServerLimits.MAX_CONNECTIONS);
        assertThat(d.maxConnections()).isLessThanOrEqualTo((int) Math.max(16, ServerLimits.openFileLimit() / 4));
        assertThat(d.headerDeadline()).isEqualTo(ServerLimits.HEADER_DEADLINE);
        assertThat(d.keepAliveIdle()).isEqualTo(ServerLimits.KEEP_ALIVE_IDLE);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new ServerLimits(0, 1, S, S, S, S)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerLimits(4, 5, S, S, S, S)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerLimits(4, 4, Duration.ZERO, S, S, S)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerLimits(4, 4, S, S, Duration.ofSeconds(-1), S))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerLimits(4, 4, S, null, S, S)).isInstanceOf(NullPointerException.class);
    }
}
