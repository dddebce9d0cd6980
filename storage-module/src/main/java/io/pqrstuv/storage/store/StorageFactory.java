package io.pqrstuv.storage.store;

import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.vault.DevVault;
import io.pqrstuv.storage.vault.Pkcs11Vault;
import io.pqrstuv.storage.vault.TpmToolsVault;
import io.pqrstuv.storage.vault.TpmVault;
import io.pqrstuv.storage.vault.Vault;
import io.pqrstuv.storage.vault.tpm.TpmUnavailableException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Opens the storage named by the {@code --vault} launch option over a state directory:
 * {@code dev} (software key file, warns), {@code tpm[:TCTI]} (TPM 2.0 through tpm2-tss's ESAPI in
 * process, default TCTI {@value TpmVault#DEFAULT_TCTI}), {@code tpm-tools[:TCTI]} (the same through
 * tpm2-tools processes: a slow fallback, warns), {@code pkcs11:CONFIG} (SunPKCS11 configuration
 * file; PIN file per {@link Pkcs11Vault}), or {@code memory} (RAM only, nothing persists).
 */
public final class StorageFactory {
    /** Subdirectory of the state directory holding the dev vault's key files. */
    public static final String DEV_VAULT_DIR = "dev-vault";

    private StorageFactory() {
    }

    public static SecureStorage open(String vault, Path stateDir, SecureRandom random) throws StorageException {
        if (vault.equals("memory")) {
            return new InMemoryStorage();
        }
        if (stateDir == null) {
            throw new StorageException("vault '" + vault + "' needs a state directory");
        }
        return EncryptedFileStorage.open(stateDir, openVault(vault, stateDir, random));
    }

    /** The root of trust named by {@code vault} (anything but {@code memory}). */
    public static Vault openVault(String vault, Path stateDir, SecureRandom random) throws StorageException {
        if (vault.equals("dev")) {
            return DevVault.open(stateDir.resolve(DEV_VAULT_DIR), random, System.err);
        }
        if (vault.equals("tpm") || (vault.startsWith("tpm:") && vault.length() > 4)) {
            String tcti = vault.equals("tpm") ? TpmVault.DEFAULT_TCTI : vault.substring(4);
            try {
                return TpmVault.open(tcti, random);
            } catch (TpmUnavailableException e) {
                throw new StorageException(e.getMessage() + "; install libtss2-esys-3.0.2-0 and libtss2-tctildr0,"
                        + " or choose the slower tpm2-tools fallback with --vault tpm-tools:" + tcti, e);
            }
        }
        if (vault.equals("tpm-tools") || (vault.startsWith("tpm-tools:") && vault.length() > 10)) {
            String tcti = vault.equals("tpm-tools") ? TpmVault.DEFAULT_TCTI : vault.substring(10);
            return TpmToolsVault.open(tcti, random, System.err);
        }
        if (vault.startsWith("pkcs11:") && vault.length() > 7) {
            return Pkcs11Vault.open(Path.of(vault.substring(7)), random);
        }
        throw new StorageException("unknown vault '" + vault + "' (expected dev, tpm[:TCTI], tpm-tools[:TCTI], pkcs11:CONFIG or memory)");
    }
}
