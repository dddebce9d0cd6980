package io.pqrstuv.storage.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.storage.testing.ManualClock;
import io.pqrstuv.storage.testing.ScriptedEntropy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionTableTest {
    private final ManualClock clock = new ManualClock();

    @Test
    void reservedAndWaitingIdsAreSkipped() {
        byte[] taken = {0x11, 0x22, 0x33, 0x44};
        ScriptedEntropy entropy = new ScriptedEntropy()
                .then(taken).then(new byte[16])
                .then(new byte[4]).then(new byte[] {-1, -1, -1, -1}).then(taken).then(new byte[] {0, 0, 0, 1});
        SessionTable table = new SessionTable(entropy, clock);
        assertThat(table.allocate().session()).isEqualTo(0x11223344);
        assertThat(table.allocate().session()).isEqualTo(1);
    }

    @Test
    void aSessionCanBeClaimedOnceAndOnlyWithinTenMinutes() {
        SessionTable table = new SessionTable(new ScriptedEntropy(), clock);
        SessionTable.Allocated a = table.allocate();
        SessionTable.Allocated b = table.allocate();
        clock.advance(Duration.ofMinutes(10).minusNanos(1));
        assertThat(table.claim(a.session())).isEqualTo(a.nonce());
        assertThat(table.claim(a.session())).isNull();
        clock.advance(Duration.ofNanos(1));
        assertThat(table.claim(b.session())).isNull();
    }

    @Test
    void expiryRemovesWaitingSessions() {
        SessionTable table = new SessionTable(new ScriptedEntropy(), clock);
        table.allocate();
        table.allocate();
        clock.advance(Duration.ofMinutes(10));
        table.expire();
        assertThat(table.waitingCount()).isZero();
    }

    @Test
    void expiryTakesTheOldSessionsAndKeepsTheYoungOnes() {
        SessionTable table = new SessionTable(new ScriptedEntropy(), clock);
        SessionTable.Allocated old1 = table.allocate();
        SessionTable.Allocated old2 = table.allocate();
        clock.advance(Duration.ofMinutes(5));
        SessionTable.Allocated young = table.allocate();
        SessionTable.Allocated claimedYoung = table.allocate();
        assertThat(table.claim(claimedYoung.session())).isNotNull();
        clock.advance(Duration.ofMinutes(5));
        table.expire();
        assertThat(table.waitingCount()).isEqualTo(1);
        assertThat(table.claim(old1.session())).isNull();
        assertThat(table.claim(old2.session())).isNull();
        assertThat(table.claim(young.session())).isEqualTo(young.nonce());
        clock.advance(Duration.ofMinutes(5));
        table.allocate(); // an INIT expires what timed out before adding its own session
        assertThat(table.waitingCount()).isEqualTo(1);
    }
}
