package io.pqrstuv.client.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CardSecretRecordTest {
    static byte[] secret(int v) {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void pendingThenConfirmedKeepsThePreviousInTheOtherSlot() {
        CardSecretRecord r = CardSecretRecord.empty();
        assertThat(r.hasCurrent()).isFalse();
        r = r.withPending(secret(1));
        assertThat(r.hasCurrent()).isFalse();
        assertThat(r.pendingSecret()).isEqualTo(secret(1));
        r = CardSecretRecord.parse(r.encode()).confirmPending();
        assertThat(r.currentSecret()).isEqualTo(secret(1));
        assertThat(r.otherSlot()).isEqualTo(CardSecretRecord.OtherSlot.EMPTY);

        CardSecretRecord refused = r.withPending(secret(2));
        // the device refused: the record on the card still says slot 1 is current
        assertThat(CardSecretRecord.parse(refused.encode()).currentSecret()).isEqualTo(secret(1));
        assertThat(refused.pendingSecret()).isEqualTo(secret(2));

        CardSecretRecord next = CardSecretRecord.parse(refused.encode()).confirmPending();
        assertThat(next.currentSecret()).isEqualTo(secret(2));
        assertThat(next.otherSlot()).isEqualTo(CardSecretRecord.OtherSlot.PREVIOUS);
        // the previous secret is overwritten only by the next pending one
        CardSecretRecord third = next.withPending(secret(3)).confirmPending();
        assertThat(third.currentSecret()).isEqualTo(secret(3));
        assertThat(third.encode()).hasSize(CardSecretRecord.LENGTH);
        assertThat(third.toString()).doesNotContain("03");
    }

    @Test
    void malformedRecordsAreRefused() {
        assertThat(CardSecretRecord.isRecord(new byte[] {1, 2, 3})).isFalse();
        byte[] good = CardSecretRecord.empty().withPending(secret(1)).confirmPending().encode();
        assertThatThrownBy(() -> CardSecretRecord.parse(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] bad = good.clone();
        bad[8] = 7;
        assertThatThrownBy(() -> CardSecretRecord.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        byte[] bad2 = good.clone();
        bad2[9] = 3;
        assertThatThrownBy(() -> CardSecretRecord.parse(bad2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CardSecretRecord.empty().currentSecret()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CardSecretRecord.empty().withPending(new byte[63])).isInstanceOf(IllegalArgumentException.class);
    }
}
