package io.pqrstuv.storage.vault;

import io.pqrstuv.storage.persist.RecordTamperedException;
import io.pqrstuv.storage.persist.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.security.auth.login.LoginException;

/**
 * A PKCS#11 token as root of trust, through the JDK's SunPKCS11 provider
 * ({@code --vault pkcs11:CONFIG}). {@code CONFIG} is a SunPKCS11 configuration file (name,
 * library, slot or tokenLabel); the user PIN is read from the file named by
 * {@code $PQRSTUV_PKCS11_PIN_FILE}, or else {@code CONFIG.pin}, which must be readable by its
 * owner only.
 *
 * <p>Keys are AES-256 token objects labelled {@code pqrstuv-<slot>-<generation>}, generated in
 * the token with CKA_SENSITIVE=true and CKA_EXTRACTABLE=false (forced by an {@code attributes}
 * block appended to the configuration), and AES/GCM/NoPadding runs inside the token: the key
 * value never reaches this process.
 *
 * <p>The token key objects are looked up once per label and kept (a handle, not key material:
 * {@code getKey} is a C_FindObjects search, most of the cost of a decrypt), and one SunPKCS11
 * GCM cipher is re-initialised for each operation; both are dropped when a key of that label is
 * created or destroyed, and on close.
 */
public final class Pkcs11Vault implements Vault {
    /** Environment variable naming the PIN file. */
    public static final String PIN_FILE_ENV = "PQRSTUV_PKCS11_PIN_FILE";
    static final String LABEL_PREFIX = "pqrstuv-";

    /** Forces every AES key SunPKCS11 generates for us to be sensitive and non-extractable. */
    private static final String KEY_ATTRIBUTES = """

            attributes(generate, CKO_SECRET_KEY, CKK_AES) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_ENCRYPT = true
              CKA_DECRYPT = true
            }
            """;

    private final Provider provider;
    private final KeyStore token;
    private final SecureRandom random;
    private final String config;
    /** Token key objects by label: handles to keys that stay in the token. */
    private final java.util.Map<String, Key> handles = new java.util.HashMap<>();
    private Cipher gcm;

    private Pkcs11Vault(Provider provider, KeyStore token, SecureRandom random, String config) {
        this.provider = provider;
        this.token = token;
        this.random = random;
        this.config = config;
    }

    /** Configures SunPKCS11 from {@code configFile}, logs in with the PIN file and opens the token. */
    public static Pkcs11Vault open(Path configFile, SecureRandom random) throws StorageException {
        String text;
        try {
            text = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("cannot read PKCS#11 configuration " + configFile + ": " + e.getMessage(), e);
        }
        String env = System.getenv(PIN_FILE_ENV);
        Path pinFile = env != null && !env.isEmpty() ? Path.of(env) : Path.of(configFile + ".pin");
        char[] pin = readPin(pinFile);
        try {
            Provider provider;
            try {
                provider = Security.getProvider("SunPKCS11").configure("--" + text + KEY_ATTRIBUTES);
            } catch (RuntimeException e) {
                throw new StorageException("SunPKCS11 rejected configuration " + configFile + ": " + e.getMessage(), e);
            }
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
            return new Pkcs11Vault(provider, ks, random, configFile.toString());
        } catch (GeneralSecurityException | IOException e) {
            throw new StorageException("cannot log in to the PKCS#11 token of " + configFile + ": "
                    + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static char[] readPin(Path pinFile) throws StorageException {
        byte[] raw = null;
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(pinFile, LinkOption.NOFOLLOW_LINKS);
            if (!EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE).containsAll(perms)) {
                throw new StorageException("PKCS#11 PIN file " + pinFile + " must be readable by its owner only (0600)");
            }
            raw = Files.readAllBytes(pinFile);
            int n = raw.length;
            while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == '\r')) {
                n--;
            }
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, n));
            char[] pin = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return pin;
        } catch (IOException e) {
            throw new StorageException("cannot read PKCS#11 PIN file " + pinFile + ": " + e.getMessage(), e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    @Override
    public String describe() {
        return "pkcs11 (" + provider.getName() + ", " + config + ")";
    }

    static String label(Slot slot, int generation) {
        return LABEL_PREFIX + slot.label() + "-" + generation;
    }

    private List<String> labels(Slot slot) throws StorageException {
        try {
            List<String> out = new ArrayList<>();
            for (String alias : Collections.list(token.aliases())) {
                if (alias.startsWith(LABEL_PREFIX + slot.label() + "-") && token.isKeyEntry(alias)) {
                    out.add(alias);
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new StorageException("cannot list PKCS#11 token objects: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean hasAnyKey(Slot slot) throws StorageException {
        return !labels(slot).isEmpty();
    }

    @Override
    public synchronized void createKey(Slot slot, int generation) throws StorageException {
        String label = label(slot, generation);
        handles.remove(label);
        try {
            if (token.containsAlias(label)) {
                token.deleteEntry(label);
            }
            KeyGenerator gen = KeyGenerator.getInstance("AES", provider);
            gen.init(256, random);
            SecretKey sessionKey = gen.generateKey();
            // Storing a token-generated key copies the object to the token (CKA_TOKEN) under the
            // label; the value never leaves the token.
            token.setEntry(label, new KeyStore.SecretKeyEntry(sessionKey), null);
        } catch (GeneralSecurityException e) {
            throw new StorageException("cannot create the " + slot.label() + " key in the PKCS#11 token: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void destroyKey(Slot slot, int generation) throws StorageException {
        String label = label(slot, generation);
        handles.remove(label);
        try {
            if (token.containsAlias(label)) {
                token.deleteEntry(label);
            }
        } catch (GeneralSecurityException e) {
            throw new StorageException("cannot destroy PKCS#11 key " + label + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void destroyStale(Slot slot, int keep) throws StorageException {
        String kept = label(slot, keep);
        for (String label : labels(slot)) {
            if (!label.equals(kept)) {
                handles.remove(label);
                try {
                    token.deleteEntry(label);
                } catch (GeneralSecurityException e) {
                    throw new StorageException("cannot destroy PKCS#11 key " + label + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** The token key object (a handle; its value stays in the token). Package-private for tests. */
    synchronized Key tokenKey(Slot slot, int generation) throws StorageException {
        String label = label(slot, generation);
        Key cached = handles.get(label);
        if (cached != null) {
            return cached;
        }
        try {
            Key key = token.getKey(label, null);
            if (key == null) {
                throw new StorageException("the PKCS#11 token has no key " + label);
            }
            handles.put(label, key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new StorageException("cannot load PKCS#11 key " + label + ": " + e.getMessage(), e);
        }
    }

    /** The one GCM cipher of this vault, re-initialised per operation (SunPKCS11 allows it). */
    private Cipher gcm() throws GeneralSecurityException {
        if (gcm == null) {
            gcm = Cipher.getInstance("AES/GCM/NoPadding", provider);
        }
        return gcm;
    }

    @Override
    public synchronized byte[] encrypt(Slot slot, int generation, byte[] plaintext, byte[] aad) throws StorageException {
        Key key = tokenKey(slot, generation);
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher c = gcm();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            c.updateAAD(aad);
            byte[] sealed = new byte[IV_LENGTH + c.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, sealed, 0, IV_LENGTH);
            int n = c.doFinal(plaintext, 0, plaintext.length, sealed, IV_LENGTH);
            return n == sealed.length - IV_LENGTH ? sealed : Arrays.copyOf(sealed, IV_LENGTH + n);
        } catch (GeneralSecurityException e) {
            forgetOnFailure(slot, generation);
            throw new StorageException("PKCS#11 AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized byte[] decrypt(Slot slot, int generation, byte[] sealed, byte[] aad) throws StorageException {
        if (sealed.length < IV_LENGTH + TAG_LENGTH) {
            throw new RecordTamperedException("record too short");
        }
        Key key = tokenKey(slot, generation);
        try {
            Cipher c = gcm();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, sealed, 0, IV_LENGTH));
            c.updateAAD(aad);
            return c.doFinal(sealed, IV_LENGTH, sealed.length - IV_LENGTH);
        } catch (AEADBadTagException e) {
            throw new RecordTamperedException("record failed AES-GCM authentication");
        } catch (GeneralSecurityException e) {
            forgetOnFailure(slot, generation);
            throw new StorageException("PKCS#11 AES-GCM decryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * After a token error (not a bad tag) the cipher and the key handle are looked up afresh next
     * time: the token may have been re-inserted or its session lost.
     */
    private void forgetOnFailure(Slot slot, int generation) {
        gcm = null;
        handles.remove(label(slot, generation));
    }

    @Override
    public synchronized void close() throws StorageException {
        handles.clear();
        gcm = null;
        try {
            if (provider instanceof AuthProvider auth) {
                auth.logout();
            }
        } catch (LoginException e) {
            throw new StorageException("PKCS#11 logout failed: " + e.getMessage(), e);
        }
    }
}
