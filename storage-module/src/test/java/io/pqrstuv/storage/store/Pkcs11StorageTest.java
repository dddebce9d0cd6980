package io.pqrstuv.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.storage.vault.Pkcs11Vault;
import io.pqrstuv.storage.vault.Pkcs11VaultProbe;
import io.pqrstuv.storage.vault.SoftHsm;
import io.pqrstuv.storage.vault.Vault;
import io.pqrstuv.storage.vault.Vault.Slot;
import java.nio.file.Path;
import java.security.Key;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on a PKCS#11 token (SoftHSM2 initialised by the test). */
class Pkcs11StorageTest extends StorageContractTest {
    @TempDir
    static Path configDir;
    static Path config;

    @BeforeAll
    static void initToken() throws Exception {
        config = SoftHsm.initToken(configDir, "vault-" + Long.toHexString(System.nanoTime()), "1234");
    }

    /** Each test starts from a token without store keys. */
    @BeforeEach
    void cleanToken() throws Exception {
        try (Vault v = openVault(null)) {
            v.destroyStale(Slot.KEY_STORE, 0);
            v.destroyStale(Slot.SECRET, 0);
        }
    }

    @Override
    Vault openVault(Path stateDir) throws Exception {
        return Pkcs11Vault.open(config, new SecureRandom());
    }

    @Test
    void tokenKeysAreSensitiveNonExtractableTokenObjects() throws Exception {
        open().close();
        try (Pkcs11Vault v = Pkcs11Vault.open(config, new SecureRandom())) {
            Key key = Pkcs11VaultProbe.tokenKey(v, Slot.KEY_STORE, 1);
            assertThat(key.getEncoded()).isNull();
            assertThat(key.toString()).contains("token object", "sensitive", "unextractable");
            assertThat(Pkcs11VaultProbe.tokenKey(v, Slot.SECRET, 1).toString()).contains("token object", "sensitive", "unextractable");
        }
    }

    @Test
    void factoryParsesTheConfigPath() throws Exception {
        try (SecureStorage s = StorageFactory.open("pkcs11:" + config, state(), new SecureRandom())) {
            assertThat(s.secret()).isEmpty();
        }
    }
}
