package io.pqrstuv.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.storage.vault.DevVault;
import io.pqrstuv.storage.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The storage contract on the software key-file vault. */
class DevStorageTest extends StorageContractTest {
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    @Override
    Vault openVault(Path stateDir) throws Exception {
        return DevVault.open(stateDir.resolve(StorageFactory.DEV_VAULT_DIR), new SecureRandom(),
                new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    @Override
    boolean isVaultFile(Path stateDir, Path p) {
        return p.startsWith(stateDir.resolve(StorageFactory.DEV_VAULT_DIR));
    }

    @Test
    void everyOpenPrintsExactlyOneWarningLine() throws Exception {
        open().close();
        open().close();
        String[] lines = warnings.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).containsExactly(DevVault.WARNING, DevVault.WARNING);
        assertThat(DevVault.WARNING).containsIgnoringCase("no hardware protection");
    }

    @Test
    void factoryOpensDevAndMemory() throws Exception {
        try (SecureStorage s = StorageFactory.open("memory", null, new SecureRandom())) {
            assertThat(s).isInstanceOf(InMemoryStorage.class);
        }
        try (SecureStorage s = StorageFactory.open("dev", state(), new SecureRandom())) {
            assertThat(s).isInstanceOf(EncryptedFileStorage.class);
            assertThat(s.secret()).isEmpty();
        }
    }
}
