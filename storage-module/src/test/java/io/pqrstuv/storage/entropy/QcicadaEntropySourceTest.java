package io.pqrstuv.storage.entropy;

import static io.pqrstuv.storage.testing.EmulatedQcicada.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.HealthTest;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.qcicada.QCicadaDevice;
import io.pqrstuv.qrng.qcicada.QCicadaOptions;
import io.pqrstuv.qrng.wire.Postprocess;
import io.pqrstuv.storage.testing.EmulatedQcicada;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attested entropy source against the QCicada emulator over a real pty. */
class QcicadaEntropySourceTest {
    /** Honest margins on a loaded 2-core machine: detection takes ~0.2–1.5 s, recovery ~0.5 s. */
    private static final Duration LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void seedsFromVerifiedSignedReadsAndServesOutputThatIsNotTheDevicesBytes() throws Exception {
        try (EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("qrng"))) {
            long before = q.signedReads();
            try (QcicadaEntropySource source = q.open()) {
                assertThat(q.signedReads() - before).as("nonce and seed: verified signed reads").isGreaterThanOrEqualTo(2);
                assertThat(source.describe()).contains(source.serial()).contains("verified under OEM CA")
                        .contains("Hash_DRBG(SHA-512, 256)").contains("OS DRBG");
                assertThat(source.serial()).isEqualTo(q.emulator().info().serial());
                assertThat(source.failure()).isEmpty();
                SecureRandom r = source.secureRandom();
                byte[] a = new byte[64];
                byte[] b = new byte[64];
                r.nextBytes(a);
                r.nextBytes(b);
                assertThat(a).isNotEqualTo(b).isNotEqualTo(new byte[64]);
                long drawn = q.emulator().statistics().generatedBytesTotal();
                r.nextBytes(new byte[100_000]);
                assertThat(q.emulator().statistics().generatedBytesTotal() - drawn)
                        .as("output comes from the DRBG, not byte for byte from the device").isLessThan(1_000);
                assertThat(q.events).isEmpty();
            }
        }
    }

    @Test
    void keyGenerationReseedsFromTheDeviceFirst() throws Exception {
        try (EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("qrng")); QcicadaEntropySource source = q.open()) {
            long before = q.signedReads();
            source.admit(false).close();
            assertThat(q.signedReads()).isEqualTo(before);
            try (EntropySource.Permit p = source.admit(true)) {
                source.secureRandom().nextBytes(new byte[32]);
            }
            assertThat(q.signedReads()).isEqualTo(before + 1);
        }
    }

    @Test
    void refusesToStartUnlessTheOemCaVouchesForTheDevice() throws Exception {
        try (EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("a")); EmulatedQcicada other = EmulatedQcicada.start(dir.resolve("b"))) {
            assertThatThrownBy(() -> QcicadaEntropySource.open(q.tty(), other.caPublicKey(), e -> { }))
                    .isInstanceOf(EntropySourceException.class)
                    .hasMessageContaining(q.emulator().info().serial())
                    .hasMessageContaining("does not verify under the CA public key");
            Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
            assertThatThrownBy(() -> QcicadaEntropySource.open(q.tty(), garbage, e -> { }))
                    .isInstanceOf(EntropySourceException.class).hasMessageStartingWith("cannot read the OEM CA public key");
            assertThatThrownBy(() -> QcicadaEntropySource.open(dir.resolve("no-such-tty"), q.caPublicKey(), e -> { }))
                    .isInstanceOf(EntropySourceException.class).hasMessageStartingWith("cannot open the QRNG at serial:");
            // Nothing stays open after a refusal: the right CA now works on the same tty.
            try (QcicadaEntropySource ok = q.open()) {
                assertThat(ok.failure()).isEmpty();
            }
        }
    }

    @Test
    void refusesToStartABlankDeviceAnUnhealthyOneAndUnconditionedOutput() throws Exception {
        Path blankDir = dir.resolve("blank");
        try (QcicadaEmulator blank = QcicadaEmulator.builder().stateDir(blankDir).rate(EmulatorRate.unlimited()).blank(true)
                .build(); EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("q"))) {
            Path tty = blank.servePty(blankDir.resolve("tty"));
            assertThatThrownBy(() -> QcicadaEntropySource.open(tty, q.caPublicKey(), e -> { }))
                    .isInstanceOf(EntropySourceException.class).hasMessageContaining("has no certificate");

            q.emulator().faults().healthFailure(HealthTest.REPETITION_COUNT, true);
            assertThatThrownBy(q::open).isInstanceOf(EntropySourceException.class)
                    .hasMessageContaining("QRNG refused").hasMessageContaining("repetition");
            q.emulator().faults().clear();

            try (QCicadaDevice d = QCicadaDevice.openSerial(q.tty(), QCicadaOptions.of(QccOptions.defaults()))) {
                d.updateConfig(c -> c.withPostprocess(Postprocess.RAW_NOISE));
            }
            assertThatThrownBy(q::open).isInstanceOf(EntropySourceException.class).hasMessageContaining("not sha256");
        }
    }

    @Test
    void aHealthFailureRefusesEveryDrawSaysSoOnceAndRecoveryReseedsFirst() throws Exception {
        try (EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("qrng")); QcicadaEntropySource source = q.open()) {
            q.emulator().faults().healthFailure(HealthTest.ADAPTIVE_PROPORTION, true);
            assertThat(await(() -> source.failure().isPresent(), LIMIT)).as("failure detected").isTrue();
            assertThatThrownBy(() -> source.admit(false)).isInstanceOf(EntropyUnavailableException.class)
                    .hasMessageContaining("adaptive");
            byte[] out = new byte[32];
            assertThatThrownBy(() -> source.secureRandom().nextBytes(out)).isInstanceOf(EntropyUnavailableException.class);
            assertThat(out).containsOnly((byte) 0);
            Thread.sleep(1_200); // several polls and probes later: still said once
            assertThat(q.eventsWith("unavailable")).isEqualTo(1);
            assertThat(q.events.getFirst()).contains(source.serial()).contains("CMD_FAIL");

            long reads = q.signedReads();
            q.emulator().faults().clear();
            assertThat(await(() -> source.failure().isEmpty(), LIMIT)).as("recovered").isTrue();
            assertThat(q.signedReads()).as("reseeded from a verified read before serving").isGreaterThan(reads);
            assertThat(q.eventsWith("healthy again")).isEqualTo(1);
            source.admit(false).close();
            source.secureRandom().nextBytes(out);
            assertThat(out).isNotEqualTo(new byte[32]);
            assertThat(q.events).hasSize(2);
        }
    }

    @Test
    void aDeviceThatStopsAnsweringIsRefusedUntilItAnswersAgain() throws Exception {
        try (EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("qrng")); QcicadaEntropySource source = q.open()) {
            q.emulator().faults().silent(true);
            assertThat(await(() -> source.failure().isPresent(), LIMIT)).isTrue();
            assertThat(source.failure().orElseThrow()).contains("no response");
            assertThatThrownBy(() -> source.admit(true)).isInstanceOf(EntropyUnavailableException.class);
            q.emulator().faults().silent(false);
            assertThat(await(() -> source.failure().isEmpty(), LIMIT)).isTrue();
            source.admit(true).close();
        }
    }

    @Test
    void aSignedReadThatDoesNotVerifyFailsClosed() throws Exception {
        // No periodic traffic: the only exchange is the key generation's reseed, whose reply is forged.
        var quiet = QcicadaEntropySource.Settings.defaults().withHealthPoll(Duration.ofHours(1))
                .withStaleAfter(Duration.ofHours(1));
        try (EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("qrng")); QcicadaEntropySource source = q.open(quiet)) {
            byte[] forged = new byte[1 + 32 + 64];
            forged[0] = 0x52; // SIGNED_READ's reply code, then data and an r||s the device never made
            new SecureRandom().nextBytes(forged);
            forged[0] = 0x52;
            q.emulator().faults().replaceNextReply(forged);
            assertThatThrownBy(() -> source.admit(true)).isInstanceOf(EntropyUnavailableException.class)
                    .hasMessageContaining("signature does not verify");
            assertThat(q.eventsWith("signature does not verify")).isEqualTo(1);
            // The monitor, woken by the failure, probes: healthy status and a verified reseed restore service.
            assertThat(await(() -> source.failure().isEmpty(), LIMIT)).isTrue();
            source.admit(true).close();
        }
    }

    @Test
    void anAdmittedCommandIsServedWholeWhileOtherDrawsAreRefused() throws Exception {
        try (EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("qrng")); QcicadaEntropySource source = q.open()) {
            byte[] out = new byte[16];
            try (EntropySource.Permit p = source.admit(false)) {
                q.emulator().faults().healthFailure(HealthTest.REPETITION_COUNT, true);
                assertThat(await(() -> source.failure().isPresent(), LIMIT)).isTrue();
                source.secureRandom().nextBytes(out); // this command was admitted while healthy
                AtomicReference<Throwable> other = new AtomicReference<>();
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        source.secureRandom().nextBytes(new byte[16]);
                    } catch (Throwable e) {
                        other.set(e);
                    }
                });
                t.join();
                assertThat(other.get()).as("another thread is not admitted").isInstanceOf(EntropyUnavailableException.class);
            }
            assertThatThrownBy(() -> source.secureRandom().nextBytes(out)).isInstanceOf(EntropyUnavailableException.class);
        }
    }

    @Test
    void reseedsFromTheDeviceAfterSoManyRequestsOffTheCommandPath() throws Exception {
        var often = QcicadaEntropySource.Settings.defaults().withHealthPoll(Duration.ofMillis(50))
                .withReseed(Duration.ofHours(1), 16);
        try (EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("qrng")); QcicadaEntropySource source = q.open(often)) {
            long before = q.signedReads();
            for (int i = 0; i < 20; i++) {
                source.secureRandom().nextBytes(new byte[8]);
            }
            assertThat(await(() -> q.signedReads() > before, LIMIT)).isTrue();
            long after = q.signedReads();
            Thread.sleep(500);
            assertThat(q.signedReads()).as("no reseed while no requests are served").isEqualTo(after);
        }
    }

    @Test
    void closingRefusesFurtherDrawsAndReleasesTheTty() throws Exception {
        try (EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("qrng"))) {
            QcicadaEntropySource source = q.open();
            source.close();
            assertThatThrownBy(() -> source.secureRandom().nextBytes(new byte[4])).isInstanceOf(EntropyUnavailableException.class);
            assertThat(q.events).as("closing is not an event").isEmpty();
            try (QcicadaEntropySource again = q.open()) {
                assertThat(again.failure()).isEmpty();
            }
        }
    }

    @Test
    void aTtyThatHangsUpIsReopenedButOnlyTheVerifiedDeviceIsTakenBack() throws Exception {
        Path a = dir.resolve("a");
        Path tty = a.resolve("tty");
        EmulatedQcicada first = EmulatedQcicada.start(a);
        Path caPrivate = first.emulator().attestation().oemCaPrivateKeyPem().orElseThrow();
        char[] passphrase = Files.readString(first.emulator().attestation().oemCaPassphraseFile().orElseThrow()).strip()
                .toCharArray();
        try (QcicadaEntropySource source = first.open()) {
            first.close(); // unplugged
            assertThat(await(() -> source.failure().isPresent(), LIMIT)).isTrue();
            assertThatThrownBy(() -> source.admit(false)).isInstanceOf(EntropyUnavailableException.class);

            // Another device, provisioned by the same OEM CA, plugged in where the first one was.
            Path b = dir.resolve("b");
            try (QcicadaEmulator other = QcicadaEmulator.builder().stateDir(b).rate(EmulatorRate.unlimited()).blank(true)
                    .build()) {
                try (QCicadaDevice d = QCicadaDevice.openSerial(other.servePty(b.resolve("tty")))) {
                    d.setDeviceCertificate(caPrivate, passphrase, false);
                }
                other.servePty(tty);
                assertThat(await(() -> first.eventsWith("another QCicada") == 1, LIMIT)).as("said once").isTrue();
                assertThat(source.failure().orElseThrow()).contains(other.info().serial())
                        .contains("not the device verified at start");
                Thread.sleep(1_200);
                assertThat(first.eventsWith("another QCicada")).isEqualTo(1);
                assertThat(source.failure()).isPresent();
            }

            // The verified device is back: reopened, verified, reseeded.
            try (EmulatedQcicada back = EmulatedQcicada.start(a)) {
                assertThat(await(() -> source.failure().isEmpty(), LIMIT)).as("recovered").isTrue();
                assertThat(back.signedReads()).as("the DRBG was instantiated from the device again").isGreaterThanOrEqualTo(2);
                source.admit(true).close();
                assertThat(first.eventsWith("healthy again")).isEqualTo(1);
            }
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
    }
}
