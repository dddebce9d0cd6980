package io.pqrstuv.storage.store;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.runtime.OwnerOnlyDirectory;
import io.pqrstuv.storage.persist.DurableFiles;
import io.pqrstuv.storage.persist.RecordTamperedException;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.vault.Vault;
import io.pqrstuv.storage.vault.Vault.Slot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The persistent store: one AES-256-GCM record per key plus one fixed-size secret record, in a
 * state directory, under the two keys of a {@link Vault}. Layout, commit protocol and crash
 * analysis: docs/storage-at-rest.md.
 *
 * <p>Only identifiers and algorithms are held in RAM (from file names); a private key is
 * decrypted on demand by {@link #getKey} and handed to the caller, who zeroizes it.
 */
public final class EncryptedFileStorage implements SecureStorage {
    /** Present only while a fresh store is being created; lets a crashed initialisation restart. */
    static final String INIT_MARKER = "INITIALISING";
    static final int SECRET_RECORD_LENGTH = Vault.IV_LENGTH + SecretPadding.PADDED_LENGTH + Vault.TAG_LENGTH;

    private final Path dir;
    private final Vault vault;
    /** id hex (lowercase, so String order = unsigned byte order, D-20) → algorithm. */
    private final TreeMap<String, Algorithm> index = new TreeMap<>();
    private StoreManifest manifest;
    private String broken;

    private EncryptedFileStorage(Path dir, Vault vault) {
        this.dir = dir;
        this.vault = vault;
    }

    /**
     * Opens the store in {@code stateDir}, creating an empty one (default empty secret, D-8) if
     * the directory holds none, and finishing or undoing whatever a crash interrupted. Takes
     * ownership of {@code vault} (closes it on failure and on {@link #close()}).
     */
    public static EncryptedFileStorage open(Path stateDir, Vault vault) throws StorageException {
        EncryptedFileStorage s = new EncryptedFileStorage(stateDir.toAbsolutePath(), vault);
        try {
            DurableFiles.createDirectory(s.dir);
            // The directory is the store's alone: whatever created it, only the owner may list it.
            Files.setPosixFilePermissions(s.dir, OwnerOnlyDirectory.MODE);
            if (Files.exists(s.dir.resolve(StoreManifest.FILE), LinkOption.NOFOLLOW_LINKS)) {
                s.recover();
            } else {
                s.initialise();
            }
            return s;
        } catch (IOException e) {
            closeQuietly(vault);
            throw new StorageException("cannot open store in " + stateDir + ": " + e.getMessage(), e);
        } catch (StorageException | RuntimeException e) {
            closeQuietly(vault);
            throw e;
        }
    }

    private static void closeQuietly(Vault vault) {
        try {
            vault.close();
        } catch (StorageException ignored) {
            // The open failure is the error worth reporting.
        }
    }

    /** A fresh store: generation 1 of both keys, no key records, the empty secret. */
    private void initialise() throws IOException, StorageException {
        Path marker = dir.resolve(INIT_MARKER);
        if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            // Without the marker, keys in the vault or records on disk mean a store whose manifest
            // was lost: refuse rather than silently destroy it (and reset the secret).
            if (vault.hasAnyKey(Slot.KEY_STORE) || vault.hasAnyKey(Slot.SECRET)) {
                throw new StorageException("the root of trust holds store keys but " + dir
                        + " has no MANIFEST; refusing to reinitialise (see docs/storage-at-rest.md)");
            }
            if (hasAnyRecord()) {
                throw new StorageException(dir + " holds key records but no MANIFEST; refusing to reinitialise");
            }
            DurableFiles.write(marker, new byte[0]);
        }
        vault.destroyStale(Slot.KEY_STORE, 0);
        vault.destroyStale(Slot.SECRET, 0);
        removeStale(0, 0);
        StoreManifest first = new StoreManifest(1, 1);
        vault.createKey(Slot.KEY_STORE, 1);
        vault.createKey(Slot.SECRET, 1);
        DurableFiles.createDirectory(RecordLayout.keysDir(dir, 1));
        writeSecret(first, new byte[0]);
        writeManifest(first);
        DurableFiles.delete(marker);
        manifest = first;
    }

    private boolean hasAnyRecord() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "keys-*")) {
            for (Path keys : ds) {
                if (Files.isDirectory(keys, LinkOption.NOFOLLOW_LINKS)) {
                    try (DirectoryStream<Path> records = Files.newDirectoryStream(keys, "[0-9a-f]*")) {
                        if (records.iterator().hasNext()) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** An existing store: authenticate the manifest, then finish any interrupted commit. */
    private void recover() throws IOException, StorageException {
        String text = Files.readString(dir.resolve(StoreManifest.FILE), StandardCharsets.US_ASCII);
        StoreManifest.Parsed parsed = StoreManifest.parse(text);
        StoreManifest m = parsed.manifest();
        try {
            byte[] empty = vault.decrypt(Slot.KEY_STORE, m.keyStoreGeneration(), parsed.mac(), m.aad());
            if (empty.length != 0) {
                throw new RecordTamperedException("store manifest MAC is malformed");
            }
        } catch (StorageException e) {
            throw new StorageException("store manifest failed authentication against the root of trust"
                    + " (wrong vault, destroyed keys or changed PCR values): " + e.getMessage(), e);
        }
        // Only now, with the manifest proven current, is everything else stale.
        vault.destroyStale(Slot.KEY_STORE, m.keyStoreGeneration());
        vault.destroyStale(Slot.SECRET, m.secretGeneration());
        removeStale(m.keyStoreGeneration(), m.secretGeneration());
        Files.deleteIfExists(dir.resolve(INIT_MARKER));
        Path keys = RecordLayout.keysDir(dir, m.keyStoreGeneration());
        DurableFiles.createDirectory(keys);
        loadIndex(keys);
        manifest = m;
    }

    /** Removes record sets of other generations and crash leftovers. */
    private void removeStale(int keyStoreGeneration, int secretGeneration) throws IOException {
        List<Path> doomed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int g = RecordLayout.generationOf(name);
                boolean stale = name.startsWith(DurableFiles.TEMP_PREFIX) || name.startsWith(DurableFiles.DELETE_PREFIX)
                        || (g > 0 && name.startsWith("keys-") && g != keyStoreGeneration)
                        || (g > 0 && name.startsWith("secret-") && g != secretGeneration);
                if (stale) {
                    doomed.add(p);
                }
            }
        }
        for (Path p : doomed) {
            DurableFiles.deleteTree(p);
        }
        if (!doomed.isEmpty()) {
            DurableFiles.syncDirectory(dir);
        }
    }

    private void loadIndex(Path keys) throws IOException, StorageException {
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(keys)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(DurableFiles.TEMP_PREFIX) || name.startsWith(DurableFiles.DELETE_PREFIX)) {
                    leftovers.add(p);
                    continue;
                }
                RecordLayout.Named named = RecordLayout.parseKeyFileName(name)
                        .orElseThrow(() -> new StorageException("unexpected file " + name + " in " + keys));
                if (index.putIfAbsent(named.idHex(), named.algorithm()) != null) {
                    throw new StorageException("two records for identifier " + named.idHex() + " in " + keys);
                }
            }
        }
        for (Path p : leftovers) {
            DurableFiles.shredAndUnlink(p);
        }
        if (!leftovers.isEmpty()) {
            DurableFiles.syncDirectory(keys);
        }
    }

    private void checkUsable() throws StorageException {
        if (manifest == null) {
            throw new StorageException("store is closed");
        }
        if (broken != null) {
            throw new StorageException("store must be reopened after a failed " + broken);
        }
    }

    private static String idHex(byte[] id) {
        if (id.length != RecordLayout.ID_LENGTH) {
            throw new IllegalArgumentException("key identifiers are 16 bytes");
        }
        return RecordLayout.hex(id);
    }

    private Path keyFile(String hex, Algorithm algorithm) {
        return RecordLayout.keysDir(dir, manifest.keyStoreGeneration()).resolve(RecordLayout.keyFileName(hex, algorithm));
    }

    @Override
    public synchronized boolean contains(byte[] id) throws StorageException {
        checkUsable();
        return index.containsKey(idHex(id));
    }

    @Override
    public synchronized void putKey(byte[] id, Algorithm algorithm, byte[] cosePrivate) throws StorageException {
        checkUsable();
        String hex = idHex(id);
        if (index.containsKey(hex)) {
            throw new StorageException("identifier already in use");
        }
        int g = manifest.keyStoreGeneration();
        byte[] sealed = vault.encrypt(Slot.KEY_STORE, g, cosePrivate, RecordLayout.keyAad(id, algorithm, g));
        try {
            DurableFiles.write(keyFile(hex, algorithm), sealed);
        } catch (IOException e) {
            throw new StorageException("cannot write key record: " + e.getMessage(), e);
        }
        index.put(hex, algorithm);
    }

    @Override
    public synchronized Optional<StoredKey> getKey(byte[] id) throws StorageException {
        checkUsable();
        String hex = idHex(id);
        Algorithm alg = index.get(hex);
        if (alg == null) {
            return Optional.empty();
        }
        byte[] sealed;
        try {
            sealed = Files.readAllBytes(keyFile(hex, alg));
        } catch (NoSuchFileException e) {
            throw new RecordTamperedException("record of key " + hex + " has disappeared");
        } catch (IOException e) {
            throw new StorageException("cannot read key record: " + e.getMessage(), e);
        }
        int g = manifest.keyStoreGeneration();
        return Optional.of(new StoredKey(alg, vault.decrypt(Slot.KEY_STORE, g, sealed, RecordLayout.keyAad(id, alg, g))));
    }

    @Override
    public synchronized List<byte[]> listIds(Algorithm algorithm) throws StorageException {
        checkUsable();
        List<byte[]> ids = new ArrayList<>();
        for (Map.Entry<String, Algorithm> e : index.entrySet()) {
            if (e.getValue() == algorithm) {
                ids.add(HexFormat.of().parseHex(e.getKey()));
            }
        }
        return ids;
    }

    @Override
    public synchronized boolean deleteKey(byte[] id) throws StorageException {
        checkUsable();
        String hex = idHex(id);
        Algorithm alg = index.get(hex);
        if (alg == null) {
            return false;
        }
        Path file = keyFile(hex, alg);
        try {
            DurableFiles.delete(file);
        } catch (IOException e) {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                index.remove(hex);
            }
            throw new StorageException("cannot delete key record: " + e.getMessage(), e);
        }
        index.remove(hex);
        return true;
    }

    @Override
    public synchronized byte[] secret() throws StorageException {
        checkUsable();
        int s = manifest.secretGeneration();
        byte[] sealed;
        try {
            sealed = Files.readAllBytes(RecordLayout.secretFile(dir, s));
        } catch (NoSuchFileException e) {
            throw new RecordTamperedException("secret record has disappeared");
        } catch (IOException e) {
            throw new StorageException("cannot read secret record: " + e.getMessage(), e);
        }
        if (sealed.length != SECRET_RECORD_LENGTH) {
            throw new RecordTamperedException("secret record has the wrong size");
        }
        byte[] padded = vault.decrypt(Slot.SECRET, s, sealed, RecordLayout.secretAad(s));
        try {
            return SecretPadding.unpad(padded);
        } catch (IllegalArgumentException e) {
            throw new RecordTamperedException("secret record holds a malformed padding");
        } finally {
            Arrays.fill(padded, (byte) 0);
        }
    }

    @Override
    public synchronized void setSecret(byte[] newSecret) throws StorageException {
        checkUsable();
        if (newSecret.length >= SecretPadding.PADDED_LENGTH) {
            throw new StorageException("the secret must be shorter than 1024 bytes");
        }
        try {
            writeSecret(manifest, newSecret);
        } catch (IOException e) {
            throw new StorageException("cannot write secret record: " + e.getMessage(), e);
        }
    }

    private void writeSecret(StoreManifest m, byte[] secret) throws IOException, StorageException {
        int s = m.secretGeneration();
        byte[] padded = SecretPadding.pad(secret);
        try {
            byte[] sealed = vault.encrypt(Slot.SECRET, s, padded, RecordLayout.secretAad(s));
            DurableFiles.write(RecordLayout.secretFile(dir, s), sealed);
        } finally {
            Arrays.fill(padded, (byte) 0);
        }
    }

    private void writeManifest(StoreManifest m) throws IOException, StorageException {
        byte[] mac = vault.encrypt(Slot.KEY_STORE, m.keyStoreGeneration(), new byte[0], m.aad());
        String text = m.body() + "mac " + HexFormat.of().formatHex(mac) + "\n";
        DurableFiles.write(dir.resolve(StoreManifest.FILE), text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public synchronized void cryptoReset() throws StorageException {
        rotate(false);
    }

    @Override
    public synchronized void deviceReset() throws StorageException {
        rotate(true);
    }

    /**
     * New keys and an empty record set are prepared next to the old ones; rewriting MANIFEST
     * commits; only then are the old keys destroyed and the old records shredded. A crash
     * before the commit leaves the old store, after it the new one (clean-up finishes at open).
     */
    private void rotate(boolean secretToo) throws StorageException {
        checkUsable();
        StoreManifest old = manifest;
        StoreManifest next = old.next(secretToo);
        try {
            vault.createKey(Slot.KEY_STORE, next.keyStoreGeneration());
            if (secretToo) {
                vault.createKey(Slot.SECRET, next.secretGeneration());
            }
            Path newKeys = RecordLayout.keysDir(dir, next.keyStoreGeneration());
            DurableFiles.deleteTree(newKeys);
            DurableFiles.createDirectory(newKeys);
            if (secretToo) {
                writeSecret(next, new byte[0]);
            }
            writeManifest(next);
        } catch (IOException | StorageException e) {
            broken = secretToo ? "DEV_RST" : "CRYPTO_RST";
            throw new StorageException("reset failed before commit: " + e.getMessage(), e);
        }
        manifest = next;
        index.clear();
        try {
            vault.destroyKey(Slot.KEY_STORE, old.keyStoreGeneration());
            DurableFiles.deleteTree(RecordLayout.keysDir(dir, old.keyStoreGeneration()));
            if (secretToo) {
                vault.destroyKey(Slot.SECRET, old.secretGeneration());
                DurableFiles.delete(RecordLayout.secretFile(dir, old.secretGeneration()));
            }
            DurableFiles.syncDirectory(dir);
        } catch (IOException | StorageException e) {
            broken = secretToo ? "DEV_RST" : "CRYPTO_RST";
            throw new StorageException("reset committed but clean-up failed (finished at next open): "
                    + e.getMessage(), e);
        }
    }

    /** The root of trust in use (for the start-up banner). */
    public String describeVault() {
        return vault.describe();
    }

    @Override
    public synchronized void close() throws StorageException {
        manifest = null;
        index.clear();
        vault.close();
    }
}
