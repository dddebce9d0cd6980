package io.pqrstuv.qrng.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.qrng.QccDevice;
import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.testing.FakeQcc;
import io.pqrstuv.qrng.transport.QccEndpoint;
import io.pqrstuv.qrng.wire.Postprocess;
import io.pqrstuv.qrng.wire.QccStatus;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider's two algorithms against a well-behaved fake device whose status the test controls. */
class QrngProviderTest {
    private FakeQcc fake;
    private QccDevice dev;
    private QrngProvider provider;

    @BeforeEach
    void open() throws Exception {
        fake = new FakeQcc();
        dev = QccDevice.open(QccEndpoint.tcp("127.0.0.1", fake.port()),
                QccOptions.defaults().withStopSilence(Duration.ofMillis(30)));
        provider = new QrngProvider(dev);
    }

    @AfterEach
    void close() throws Exception {
        dev.close();
        fake.close();
    }

    @Test
    void bothAlgorithmsAreRegisteredAndThreadSafe() {
        assertThat(provider.getService("SecureRandom", "QRNG").getAttribute("ThreadSafe")).isEqualTo("true");
        assertThat(provider.getService("SecureRandom", "QRNG-DRBG")).isNotNull();
        assertThat(provider.getName()).isEqualTo("PQRSTUV-QRNG");
    }

    @Test
    void qrngReturnsDeviceBytesThatDifferBetweenCalls() throws Exception {
        SecureRandom r = SecureRandom.getInstance("QRNG", provider);
        byte[] a = new byte[100_000];
        byte[] b = new byte[100_000];
        long before = fake.bytesServed.get();
        r.nextBytes(a);
        r.nextBytes(b);
        assertThat(a).isNotEqualTo(b);
        assertThat(fake.bytesServed.get() - before).isEqualTo(200_000);
        assertThat(r.generateSeed(16)).hasSize(16);
        assertThat(r.getAlgorithm()).isEqualTo("QRNG");
    }

    @Test
    void qrngRefusesAndSaysWhyWhileAHealthTestFails() throws Exception {
        SecureRandom r = SecureRandom.getInstance("QRNG", provider);
        fake.status.set(FakeQcc.failing(true));
        byte[] out = new byte[64];
        assertThatThrownBy(() -> r.nextBytes(out)).isInstanceOf(QrngUnavailableException.class)
                .hasMessage("QRNG refused: repetition-count health test failure");
        assertThat(out).containsOnly((byte) 0);
        fake.status.set(new QccStatus(true, false, false, false, false, false, false, false, 100));
        r.nextBytes(out);
        assertThat(out).isNotEqualTo(new byte[64]);
    }

    @Test
    void drbgOutputsMuchMoreThanItDrawsAndRefusesWhileUnhealthy() throws Exception {
        SecureRandom r = SecureRandom.getInstance("QRNG-DRBG", provider);
        long drawnAtStart = fake.bytesServed.get();
        byte[] big = new byte[1 << 20];
        r.nextBytes(big);
        assertThat(fake.bytesServed.get() - drawnAtStart).isLessThan(1000);
        byte[] again = new byte[32];
        r.nextBytes(again);
        assertThat(again).isNotEqualTo(java.util.Arrays.copyOf(big, 32));

        fake.status.set(new QccStatus(true, false, true, false, false, false, false, false, 100));
        assertThatThrownBy(() -> r.nextBytes(new byte[16])).isInstanceOf(QrngUnavailableException.class)
                .hasMessage("QRNG refused: light-source voltage too low");
        fake.status.set(new QccStatus(true, true, false, false, false, false, false, false, 100));
        assertThatThrownBy(() -> r.nextBytes(new byte[16])).isInstanceOf(QrngUnavailableException.class)
                .hasMessage("QRNG refused: startup test in progress");
        fake.status.set(new QccStatus(true, false, false, false, false, false, false, false, 13_440));
        long beforeRecovery = fake.bytesServed.get();
        r.nextBytes(new byte[16]);
        assertThat(fake.bytesServed.get()).as("reseeded after recovery").isGreaterThan(beforeRecovery);
    }

    @Test
    void drbgWillNotInstantiateOnUnhealthyOrUnconditionedDevices() throws Exception {
        fake.status.set(FakeQcc.failing(false));
        assertThatThrownBy(() -> SecureRandom.getInstance("QRNG-DRBG", provider))
                .hasRootCauseInstanceOf(io.pqrstuv.qrng.QccUnhealthyException.class)
                .rootCause().hasMessageContaining("adaptive-proportion");
        fake.status.set(new QccStatus(true, false, false, false, false, false, false, false, 13_440));
        fake.config.set(fake.config.get().withPostprocess(Postprocess.RAW_NOISE));
        assertThatThrownBy(() -> SecureRandom.getInstance("QRNG-DRBG", provider))
                .satisfies(e -> assertThat(e.getMessage() + " " + e.getCause()).contains("raw-noise, not sha256"));
    }

    @Test
    void reseedIntervalDrawsFreshEntropy() throws Exception {
        QrngDrbg drbg = QrngDrbg.builder(new DeviceEntropyInput(dev))
                .healthGate(new HealthGate(dev, Duration.ofHours(1)))
                .reseedInterval(4)
                .mixWith(new SecureRandom())
                .build();
        long start = fake.bytesServed.get();
        for (int i = 0; i < 9; i++) {
            drbg.nextBytes(new byte[32]);
        }
        // 9 requests, reseed every 4: before the 5th and the 9th, 32 bytes each.
        assertThat(fake.bytesServed.get() - start).isEqualTo(64);
        assertThat(drbg.toString()).contains("Hash_DRBG(SHA-512, 256)").contains("+ host DRBG").contains("every 4 requests");
        assertThat(drbg.getAlgorithm()).isEqualTo("QRNG-DRBG");
        assertThat(drbg.getProvider().getName()).isEqualTo("PQRSTUV-QRNG");
    }

    @Test
    void predictionResistanceReseedsEveryRequest() throws Exception {
        QrngDrbg drbg = QrngDrbg.builder(new DeviceEntropyInput(dev)).predictionResistant(true).build();
        long start = fake.bytesServed.get();
        drbg.nextBytes(new byte[10]);
        drbg.nextBytes(new byte[10]);
        assertThat(fake.bytesServed.get() - start).isEqualTo(64);
    }
}
