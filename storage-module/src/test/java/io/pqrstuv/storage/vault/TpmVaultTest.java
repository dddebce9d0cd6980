package io.pqrstuv.storage.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.storage.persist.KeyRefusedException;
import io.pqrstuv.storage.vault.Vault.Slot;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TPM vault's in-memory window (P-70) on a real software TPM: one unseal step per burst that
 * both slots share, the idle wipe, the maximum age, the PCR re-check that fails the next use
 * closed, and the reconnection after a TPM restart.
 */
@Tag("slow")
class TpmVaultTest {
    private static final byte[] AAD = {7};
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    static Swtpm swtpm;

    @BeforeAll
    static void startTpm() throws Exception {
        swtpm = Swtpm.start(dir.resolve("tpm"));
    }

    @AfterAll
    static void stopTpm() throws Exception {
        swtpm.close();
    }

    @BeforeEach
    void freshKeys() throws Exception {
        swtpm.restart();
        try (TpmVault v = TpmVault.open(swtpm.tcti(), RANDOM)) {
            v.createKey(Slot.KEY_STORE, 1);
            v.createKey(Slot.SECRET, 1);
        }
    }

    private static TpmVault open(TpmVault.KeyWindow window) throws Exception {
        return TpmVault.open(swtpm.tcti(), RANDOM, window);
    }

    private static TpmVault.KeyWindow window(long idleMillis, long maxAgeMillis) {
        return new TpmVault.KeyWindow(Duration.ofMillis(idleMillis), Duration.ofMillis(maxAgeMillis), Duration.ofMillis(10));
    }

    /** What a SIGN asks of the vault: the secret record (token check), then the key record. */
    private static void command(Vault v, byte[] secretRecord, byte[] keyRecord) throws Exception {
        assertThat(v.decrypt(Slot.SECRET, 1, secretRecord, AAD)).hasSize(3);
        assertThat(v.decrypt(Slot.KEY_STORE, 1, keyRecord, AAD)).hasSize(5);
    }

    @Test
    void aCommandUnsealsOnceAndABurstSharesTheUnseal() throws Exception {
        try (TpmVault v = open(TpmVault.KeyWindow.DEFAULT)) {
            byte[] secret = v.encrypt(Slot.SECRET, 1, new byte[3], AAD);
            byte[] key = v.encrypt(Slot.KEY_STORE, 1, new byte[5], AAD);
            long before = v.unseals();
            for (int i = 0; i < 50; i++) {
                command(v, secret, key);
            }
            // Both slots were in use, so the first miss brought both keys out in one session.
            assertThat(v.unseals() - before).isZero();
            assertThat(v.holdsKeys()).isTrue();
        }
        // 1 s idle: a loaded machine may stall the test thread between the two reads of one command.
        try (TpmVault v = open(window(1000, 60_000))) {
            byte[] secret = v.encrypt(Slot.SECRET, 1, new byte[3], AAD);
            byte[] key = v.encrypt(Slot.KEY_STORE, 1, new byte[5], AAD);
            awaitWipe(v, Duration.ofSeconds(5));
            long before = v.unseals();
            command(v, secret, key); // a cold command: the token check's miss unseals both keys
            assertThat(v.unseals() - before).isEqualTo(1);
        }
    }

    @Test
    void keysAreWipedAfterTheIdleWindow() throws Exception {
        try (TpmVault v = open(window(1000, 60_000))) {
            long usedAt = System.nanoTime(); // no later than the vault's own "last use"
            byte[] sealed = v.encrypt(Slot.KEY_STORE, 1, new byte[5], AAD);
            assertThat(v.holdsKeys()).isTrue();
            awaitWipe(v, Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - usedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
            long before = v.unseals();
            assertThat(v.decrypt(Slot.KEY_STORE, 1, sealed, AAD)).hasSize(5);
            assertThat(v.unseals()).isEqualTo(before + 1);
        }
    }

    @Test
    void useKeepsKeysButNotBeyondTheMaximumAge() throws Exception {
        try (TpmVault v = open(window(60_000, 400))) {
            byte[] sealed = v.encrypt(Slot.KEY_STORE, 1, new byte[5], AAD);
            long before = v.unseals();
            long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            int uses = 0;
            while (System.nanoTime() < end) {
                v.decrypt(Slot.KEY_STORE, 1, sealed, AAD);
                uses++;
                Thread.sleep(20);
            }
            // 1.5 s of use with a 400 ms maximum age: re-unsealed about three times (at most
            // 1.5 / 0.4), however busy the machine, and never once per use.
            long unseals = v.unseals() - before;
            assertThat(unseals).isBetween(1L, 4L);
            assertThat(uses).isGreaterThan(5 * (int) unseals);
        }
    }

    @Test
    void aPcrExtendFailsTheNextUseClosedAndWipesTheKeys() throws Exception {
        try (TpmVault v = open(TpmVault.KeyWindow.DEFAULT)) {
            byte[] sealed = v.encrypt(Slot.KEY_STORE, 1, new byte[5], AAD);
            assertThat(v.decrypt(Slot.KEY_STORE, 1, sealed, AAD)).hasSize(5);
            swtpm.extendPcr(7); // another process: a tamper monitor
            Thread.sleep(TpmVault.KeyWindow.DEFAULT.pcrCheck().toMillis() + 5);
            assertThatThrownBy(() -> v.decrypt(Slot.KEY_STORE, 1, sealed, AAD))
                    .isInstanceOf(KeyRefusedException.class).hasMessageContaining("refused to unseal");
            assertThat(v.holdsKeys()).isFalse();
            assertThatThrownBy(() -> v.encrypt(Slot.SECRET, 1, new byte[1], AAD)).isInstanceOf(KeyRefusedException.class);
        }
    }

    @Test
    void theVaultReconnectsAfterTheTpmRestarts() throws Exception {
        // maxAge 0: every use unseals, so every use after the restart needs the TPM again.
        try (TpmVault v = open(window(60_000, 0))) {
            byte[] sealed = v.encrypt(Slot.KEY_STORE, 1, new byte[5], AAD);
            swtpm.restart();
            assertThat(v.decrypt(Slot.KEY_STORE, 1, sealed, AAD)).hasSize(5);
            swtpm.restart();
            assertThat(v.decrypt(Slot.KEY_STORE, 1, sealed, AAD)).hasSize(5);
        }
    }

    @Test
    void rotationReplacesTheCachedKey() throws Exception {
        try (TpmVault v = open(TpmVault.KeyWindow.DEFAULT)) {
            byte[] old = v.encrypt(Slot.KEY_STORE, 1, new byte[5], AAD);
            v.createKey(Slot.KEY_STORE, 3); // same handle parity as generation 1: the old key is gone
            assertThatThrownBy(() -> v.decrypt(Slot.KEY_STORE, 3, old, AAD)).isInstanceOf(
                    io.pqrstuv.storage.persist.RecordTamperedException.class);
            byte[] fresh = v.encrypt(Slot.KEY_STORE, 3, new byte[5], AAD);
            assertThat(v.decrypt(Slot.KEY_STORE, 3, fresh, AAD)).hasSize(5);
            v.destroyKey(Slot.KEY_STORE, 3);
            assertThat(v.holdsKeys()).isFalse();
            assertThatThrownBy(() -> v.decrypt(Slot.KEY_STORE, 3, fresh, AAD))
                    .isInstanceOf(io.pqrstuv.storage.persist.StorageException.class)
                    .isNotInstanceOf(KeyRefusedException.class);
        }
    }

    @Test
    void closeWipesTheKeys() throws Exception {
        TpmVault v = open(TpmVault.KeyWindow.DEFAULT);
        v.encrypt(Slot.KEY_STORE, 1, new byte[5], AAD);
        assertThat(v.holdsKeys()).isTrue();
        v.close();
        assertThat(v.holdsKeys()).isFalse();
    }

    @Test
    void theToolsFallbackOpensWhatTheVaultSealedAndWarns() throws Exception {
        byte[] sealed;
        try (TpmVault v = open(TpmVault.KeyWindow.DEFAULT)) {
            sealed = v.encrypt(Slot.SECRET, 1, new byte[] {1, 2, 3}, AAD);
        }
        var err = new java.io.ByteArrayOutputStream();
        try (TpmToolsVault tools = TpmToolsVault.open(swtpm.tcti(), RANDOM, new java.io.PrintStream(err, true))) {
            assertThat(tools.decrypt(Slot.SECRET, 1, sealed, AAD)).containsExactly(1, 2, 3);
            sealed = tools.encrypt(Slot.KEY_STORE, 1, new byte[] {4}, AAD);
        }
        assertThat(err.toString()).startsWith("WARNING: vault 'tpm-tools'");
        try (TpmVault v = open(TpmVault.KeyWindow.DEFAULT)) {
            assertThat(v.decrypt(Slot.KEY_STORE, 1, sealed, AAD)).containsExactly(4);
        }
    }

    private static void awaitWipe(TpmVault v, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (v.holdsKeys()) {
            assertThat(System.nanoTime()).as("keys wiped within %s", limit).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
