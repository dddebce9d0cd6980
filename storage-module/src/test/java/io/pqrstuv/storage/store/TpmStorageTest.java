package io.pqrstuv.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.vault.Swtpm;
import io.pqrstuv.storage.vault.TpmVault;
import io.pqrstuv.storage.vault.Vault;
import io.pqrstuv.storage.vault.Vault.Slot;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract on a TPM 2.0 (swtpm started by the test) through the in-process ESAPI
 * vault, plus the PCR binding and the shared unseal of one command.
 */
@Tag("slow")
class TpmStorageTest extends StorageContractTest {
    @TempDir
    static Path tpmDir;
    static Swtpm swtpm;

    @BeforeAll
    static void startTpm() throws Exception {
        swtpm = Swtpm.start(tpmDir.resolve("tpm"));
    }

    @AfterAll
    static void stopTpm() throws Exception {
        swtpm.close();
    }

    /** Each test starts from a TPM without store keys and with PCRs as after boot. */
    @BeforeEach
    void cleanTpm() throws Exception {
        swtpm.restart();
        try (Vault v = openVault(null)) {
            v.destroyStale(Slot.KEY_STORE, 0);
            v.destroyStale(Slot.SECRET, 0);
        }
    }

    @Override
    Vault openVault(Path stateDir) throws Exception {
        return TpmVault.open(swtpm.tcti(), new SecureRandom());
    }

    @Test
    void changedPcrMakesTheKeysUnusableUntilTheMeasuredStateReturns() throws Exception {
        byte[] a = id();
        byte[] ka = privateKey(64);
        try (EncryptedFileStorage s = open()) {
            s.putKey(a, Algorithm.ML_DSA_87, ka);
        }
        swtpm.extendPcr(7);
        assertThatThrownBy(this::open).isInstanceOf(StorageException.class)
                .hasMessageContaining("refused to unseal");
        try (Vault v = openVault(state())) {
            assertThatThrownBy(() -> v.encrypt(Slot.SECRET, 1, new byte[1], new byte[0]))
                    .isInstanceOf(StorageException.class);
        }
        // A reboot into the same measured state (PCRs reset) unlocks the same keys again.
        swtpm.restart();
        try (EncryptedFileStorage s = open()) {
            assertThat(s.getKey(a).orElseThrow().cosePrivate()).isEqualTo(ka);
        }
    }

    @Test
    void keysLiveInTpmNvAndAreNotOnDisk() throws Exception {
        try (EncryptedFileStorage s = open()) {
            s.setSecret(new byte[] {1});
        }
        String handles = swtpm.run("tpm2_getcap", "-T", swtpm.tcti(), "handles-persistent");
        // Generation 1: odd parity handles for both slots.
        assertThat(handles).contains("0x81505101", "0x81505103");
        try (EncryptedFileStorage s = open()) {
            s.deviceReset();
        }
        handles = swtpm.run("tpm2_getcap", "-T", swtpm.tcti(), "handles-persistent");
        assertThat(handles).contains("0x81505100", "0x81505102").doesNotContain("0x81505101", "0x81505103");
    }

    /**
     * What one SIGN (or DECAPS) asks of the store, token check then key read, and what one KEYGEN
     * asks, token check then key write: one unseal step each when the keys are cold, none while
     * they are in the window.
     */
    @Test
    void aCommandsTokenCheckAndKeyAccessShareOneUnseal() throws Exception {
        TpmVault vault = TpmVault.open(swtpm.tcti(), new SecureRandom(),
                // 1 s idle: a loaded machine may stall this thread between the two calls of one command.
                new TpmVault.KeyWindow(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMillis(10)));
        try (EncryptedFileStorage s = EncryptedFileStorage.open(state(), vault)) {
            byte[] a = id();
            s.putKey(a, Algorithm.ES256, privateKey(40));
            for (int cold = 0; cold < 3; cold++) {
                awaitWipe(vault);
                long before = vault.unseals();
                Arrays.fill(s.secret(), (byte) 0);
                Arrays.fill(s.getKey(a).orElseThrow().cosePrivate(), (byte) 0);
                assertThat(vault.unseals() - before).as("SIGN, cold").isEqualTo(1);
            }
            awaitWipe(vault);
            long before = vault.unseals();
            Arrays.fill(s.secret(), (byte) 0);
            s.putKey(id(), Algorithm.ES256, privateKey(40));
            assertThat(vault.unseals() - before).as("KEYGEN, cold").isEqualTo(1);
            for (int warm = 0; warm < 20; warm++) {
                Arrays.fill(s.secret(), (byte) 0);
                Arrays.fill(s.getKey(a).orElseThrow().cosePrivate(), (byte) 0);
            }
            assertThat(vault.unseals() - before).as("a burst").isEqualTo(1);
        }
    }

    private static void awaitWipe(TpmVault vault) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (vault.holdsKeys()) {
            assertThat(System.nanoTime()).as("idle wipe").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void factoryParsesTheTcti() throws Exception {
        try (SecureStorage s = StorageFactory.open("tpm:" + swtpm.tcti(), state(), new SecureRandom())) {
            assertThat(s.secret()).isEmpty();
        }
    }
}
