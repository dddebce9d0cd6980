package io.pqrstuv.storage.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.vault.Vault.Slot;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The software key files and the PKCS#11 PIN file must be private to their owner. */
class VaultFilePermissionsTest {
    @TempDir
    Path tmp;

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void devKeyFilesAre0600AndLooserOnesAreRefused() throws Exception {
        Path dir = tmp.resolve("dev-vault");
        try (DevVault v = DevVault.open(dir, new SecureRandom(), QUIET)) {
            v.createKey(Slot.KEY_STORE, 1);
            Path key = dir.resolve("keystore-1.key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            byte[] sealed = v.encrypt(Slot.KEY_STORE, 1, new byte[] {1, 2, 3}, new byte[] {9});
            assertThat(v.decrypt(Slot.KEY_STORE, 1, sealed, new byte[] {9})).containsExactly(1, 2, 3);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
            assertThatThrownBy(() -> v.decrypt(Slot.KEY_STORE, 1, sealed, new byte[] {9}))
                    .isInstanceOf(StorageException.class).hasMessageContaining("0600");
            v.destroyKey(Slot.KEY_STORE, 1);
            assertThat(key).doesNotExist();
        }
    }

    @Test
    void devVaultDirectoryMustBePrivate() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> DevVault.open(dir, new SecureRandom(), QUIET))
                .isInstanceOf(StorageException.class).hasMessageContaining("0700");
    }

    @Test
    void pkcs11PinFileReadableByOthersIsRefused() throws Exception {
        Path config = tmp.resolve("token.cfg");
        Files.writeString(config, "name = x\nlibrary = " + SoftHsm.LIBRARY + "\nslot = 0\n");
        Path pin = Path.of(config + ".pin");
        Files.writeString(pin, "1234\n");
        Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Pkcs11Vault.open(config, new SecureRandom()))
                .isInstanceOf(StorageException.class).hasMessageContaining("PIN file").hasMessageNotContaining("1234");
    }
}
