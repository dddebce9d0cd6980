package io.pqrstuv.storage.vault;

import io.pqrstuv.storage.persist.StorageException;
import java.security.Key;

/** Test access to the token key handle (never its value, which the token does not release). */
public final class Pkcs11VaultProbe {
    private Pkcs11VaultProbe() {
    }

    public static Key tokenKey(Pkcs11Vault vault, Vault.Slot slot, int generation) throws StorageException {
        return vault.tokenKey(slot, generation);
    }
}
