package io.pqrstuv.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretPaddingTest {
    @Test
    void padThenUnpadIsIdentityAndAlways1024ForEveryLength() {
        Random rnd = new Random(7);
        for (int len = 0; len < 1024; len++) {
            byte[] secret = new byte[len];
            rnd.nextBytes(secret);
            byte[] padded = SecretPadding.pad(secret);
            assertThat(padded).hasSize(1024);
            assertThat(padded[len]).isEqualTo((byte) 0x80);
            assertThat(SecretPadding.unpad(padded)).isEqualTo(secret);
        }
    }

    @Test
    void paddingIsIso7816() {
        byte[] padded = SecretPadding.pad(new byte[] {0x00, (byte) 0x80});
        assertThat(padded[0]).isZero();
        assertThat(padded[1]).isEqualTo((byte) 0x80);
        assertThat(padded[2]).isEqualTo((byte) 0x80);
        assertThat(padded[3]).isZero();
        assertThat(padded[1023]).isZero();
    }

    @Test
    void rejectsOversizeSecretsAndMalformedPadding() {
        assertThatThrownBy(() -> SecretPadding.pad(new byte[1024])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretPadding.unpad(new byte[1024])).isInstanceOf(IllegalArgumentException.class);
        byte[] badMarker = new byte[1024];
        badMarker[5] = 0x7F;
        assertThatThrownBy(() -> SecretPadding.unpad(badMarker)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretPadding.unpad(new byte[1023])).isInstanceOf(IllegalArgumentException.class);
    }
}
