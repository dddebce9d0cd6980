package io.pqrstuv.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.storage.persist.DurableFiles;
import io.pqrstuv.storage.persist.RecordTamperedException;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.store.SecureStorage.StoredKey;
import io.pqrstuv.storage.vault.Vault;
import io.pqrstuv.storage.vault.Vault.Slot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every root-of-trust backend passes with {@link EncryptedFileStorage}: create,
 * encrypt/decrypt, rotate, destroy, restart persistence, tamper evidence and no plaintext at
 * rest. Subclasses supply a fresh backend per test.
 */
abstract class StorageContractTest {
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    /** A root of trust for a store in {@code stateDir}; the same backend instance across reopenings. */
    abstract Vault openVault(Path stateDir) throws Exception;

    /** Files of the vault kept inside the state directory (dev only), not part of the "store files". */
    boolean isVaultFile(Path stateDir, Path p) {
        return false;
    }

    Path state() {
        return tmp.resolve("state");
    }

    EncryptedFileStorage open() throws Exception {
        return EncryptedFileStorage.open(state(), openVault(state()));
    }

    static byte[] id() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return id;
    }

    /** A stand-in private COSE_Key with a recognisable random body. */
    static byte[] privateKey(int size) {
        byte[] k = new byte[size];
        RANDOM.nextBytes(k);
        return k;
    }

    @Test
    void vaultEncryptsUnderAadAndDetectsTampering() throws Exception {
        byte[] plain = privateKey(100);
        byte[] aad = {1, 2, 3};
        try (Vault v = openVault(state())) {
            v.createKey(Slot.KEY_STORE, 5);
            byte[] sealed = v.encrypt(Slot.KEY_STORE, 5, plain, aad);
            byte[] again = v.encrypt(Slot.KEY_STORE, 5, plain, aad);
            assertThat(sealed).hasSize(Vault.IV_LENGTH + plain.length + Vault.TAG_LENGTH);
            assertThat(Arrays.copyOf(sealed, Vault.IV_LENGTH)).isNotEqualTo(Arrays.copyOf(again, Vault.IV_LENGTH));
            assertThat(v.decrypt(Slot.KEY_STORE, 5, sealed, aad)).isEqualTo(plain);
            assertThatThrownBy(() -> v.decrypt(Slot.KEY_STORE, 5, sealed, new byte[] {1, 2, 4}))
                    .isInstanceOf(RecordTamperedException.class);
            byte[] flipped = sealed.clone();
            flipped[Vault.IV_LENGTH + 3] ^= 1;
            assertThatThrownBy(() -> v.decrypt(Slot.KEY_STORE, 5, flipped, aad)).isInstanceOf(RecordTamperedException.class);
            assertThatThrownBy(() -> v.decrypt(Slot.KEY_STORE, 5, new byte[27], aad)).isInstanceOf(RecordTamperedException.class);
        }
    }

    @Test
    void vaultGenerationsAreIndependentPersistentAndDestroyIsFinal() throws Exception {
        byte[] plain = privateKey(40);
        byte[] sealed5;
        try (Vault v = openVault(state())) {
            v.createKey(Slot.SECRET, 5);
            v.createKey(Slot.SECRET, 6);
            sealed5 = v.encrypt(Slot.SECRET, 5, plain, new byte[0]);
            byte[] s5 = sealed5;
            assertThatThrownBy(() -> v.decrypt(Slot.SECRET, 6, s5, new byte[0])).isInstanceOf(RecordTamperedException.class);
            assertThat(v.hasAnyKey(Slot.KEY_STORE)).isFalse();
        }
        try (Vault v = openVault(state())) {
            assertThat(v.decrypt(Slot.SECRET, 5, sealed5, new byte[0])).isEqualTo(plain);
            v.destroyKey(Slot.SECRET, 5);
            assertThatThrownBy(() -> v.decrypt(Slot.SECRET, 5, sealed5, new byte[0])).isInstanceOf(StorageException.class);
            v.createKey(Slot.SECRET, 7);
            v.destroyStale(Slot.SECRET, 7);
            assertThat(v.hasAnyKey(Slot.SECRET)).isTrue();
            byte[] sealed7 = v.encrypt(Slot.SECRET, 7, plain, new byte[0]);
            assertThat(v.decrypt(Slot.SECRET, 7, sealed7, new byte[0])).isEqualTo(plain);
            v.destroyStale(Slot.SECRET, 0);
            assertThat(v.hasAnyKey(Slot.SECRET)).isFalse();
        }
    }

    @Test
    void freshStoreHasNoKeysAndTheEmptySecret() throws Exception {
        try (EncryptedFileStorage s = open()) {
            assertThat(s.secret()).isEmpty();
            assertThat(s.listIds(Algorithm.ML_DSA_65)).isEmpty();
            assertThat(s.contains(id())).isFalse();
            assertThat(s.getKey(id())).isEmpty();
        }
    }

    @Test
    void storesListsReadsAndDeletesKeysAndSurvivesRestart() throws Exception {
        byte[] a = id();
        byte[] b = id();
        byte[] c = id();
        byte[] ka = privateKey(64);
        byte[] kb = privateKey(3000);
        byte[] kc = privateKey(40);
        try (EncryptedFileStorage s = open()) {
            s.putKey(a, Algorithm.ML_DSA_65, ka);
            s.putKey(b, Algorithm.ML_DSA_65, kb);
            s.putKey(c, Algorithm.ED25519, kc);
            assertThatThrownBy(() -> s.putKey(a, Algorithm.ED25519, kc)).isInstanceOf(StorageException.class);
            s.setSecret("correct horse".getBytes(StandardCharsets.UTF_8));
        }
        try (EncryptedFileStorage s = open()) {
            List<byte[]> ids = s.listIds(Algorithm.ML_DSA_65);
            List<byte[]> sorted = new ArrayList<>(List.of(a, b));
            sorted.sort(Arrays::compareUnsigned);
            assertThat(ids).containsExactlyElementsOf(sorted);
            assertThat(s.listIds(Algorithm.ED25519)).containsExactly(c);
            StoredKey got = s.getKey(b).orElseThrow();
            assertThat(got.algorithm()).isEqualTo(Algorithm.ML_DSA_65);
            assertThat(got.cosePrivate()).isEqualTo(kb);
            assertThat(got.toString()).doesNotContain(HexFormat.of().formatHex(kb, 0, 4));
            assertThat(s.secret()).isEqualTo("correct horse".getBytes(StandardCharsets.UTF_8));
            assertThat(s.deleteKey(a)).isTrue();
            assertThat(s.deleteKey(a)).isFalse();
        }
        try (EncryptedFileStorage s = open()) {
            assertThat(s.contains(a)).isFalse();
            assertThat(s.getKey(a)).isEmpty();
            assertThat(s.getKey(c).orElseThrow().cosePrivate()).isEqualTo(kc);
        }
    }

    @Test
    void secretIsPaddedToAConstantSizeAndBoundedBelow1024() throws Exception {
        try (EncryptedFileStorage s = open()) {
            long emptySize = secretRecordSize();
            byte[] big = privateKey(1023);
            s.setSecret(big);
            assertThat(secretRecordSize()).isEqualTo(emptySize).isEqualTo(1024 + 28);
            assertThat(s.secret()).isEqualTo(big);
            assertThatThrownBy(() -> s.setSecret(new byte[1024])).isInstanceOf(StorageException.class);
            assertThat(s.secret()).isEqualTo(big);
            s.setSecret(new byte[0]);
            assertThat(s.secret()).isEmpty();
        }
    }

    private long secretRecordSize() throws IOException {
        try (Stream<Path> files = Files.list(state())) {
            Path secret = files.filter(p -> p.getFileName().toString().startsWith("secret-")).findFirst().orElseThrow();
            return Files.size(secret);
        }
    }

    @Test
    void cryptoResetDeletesKeysKeepsSecretAndOldFilesCannotBeDecrypted() throws Exception {
        byte[] a = id();
        byte[] ka = privateKey(100);
        Path copy = tmp.resolve("copy");
        try (EncryptedFileStorage s = open()) {
            s.putKey(a, Algorithm.ES256, ka);
            s.setSecret("s3".getBytes(StandardCharsets.UTF_8));
            copyStoreFiles(state(), copy);
            s.cryptoReset();
            assertThat(s.contains(a)).isFalse();
            assertThat(s.listIds(Algorithm.ES256)).isEmpty();
            assertThat(s.secret()).isEqualTo("s3".getBytes(StandardCharsets.UTF_8));
            assertThat(storeFileNames(state())).contains("keys-2").doesNotContain("keys-1");
            s.putKey(id(), Algorithm.ES256, privateKey(10));
        }
        assertOldRecordUndecryptable(copy, a, Algorithm.ES256, 1);
        // Putting the old store files back must not resurrect anything: it fails closed.
        restoreStoreFiles(copy, state());
        assertThatThrownBy(this::open).isInstanceOf(StorageException.class).hasMessageContaining("manifest");
    }

    @Test
    void deviceResetRotatesBothKeysAndRestoresTheEmptySecret() throws Exception {
        Path copy = tmp.resolve("copy");
        byte[] secret = "old secret".getBytes(StandardCharsets.UTF_8);
        try (EncryptedFileStorage s = open()) {
            s.putKey(id(), Algorithm.ML_KEM_768, privateKey(64));
            s.setSecret(secret);
            copyStoreFiles(state(), copy);
            s.deviceReset();
            assertThat(s.secret()).isEmpty();
            assertThat(s.listIds(Algorithm.ML_KEM_768)).isEmpty();
            assertThat(storeFileNames(state())).contains("secret-2", "keys-2").doesNotContain("secret-1", "keys-1");
        }
        byte[] oldSecretRecord = Files.readAllBytes(copy.resolve("secret-1"));
        try (Vault v = openVault(state())) {
            assertThatThrownBy(() -> v.decrypt(Slot.SECRET, 1, oldSecretRecord, RecordLayout.secretAad(1)))
                    .isInstanceOf(StorageException.class);
        }
        try (EncryptedFileStorage s = open()) {
            assertThat(s.secret()).isEmpty();
        }
    }

    private void assertOldRecordUndecryptable(Path copy, byte[] id, Algorithm alg, int generation) throws Exception {
        byte[] old = Files.readAllBytes(copy.resolve("keys-" + generation).resolve(RecordLayout.keyFileName(RecordLayout.hex(id), alg)));
        try (Vault v = openVault(state())) {
            for (int g = 1; g <= generation + 1; g++) {
                int gen = g;
                assertThatThrownBy(() -> v.decrypt(Slot.KEY_STORE, gen, old, RecordLayout.keyAad(id, alg, generation)))
                        .isInstanceOf(StorageException.class);
            }
        }
    }

    @Test
    void flippedByteFailsClosedForThatKeyOnly() throws Exception {
        byte[] a = id();
        byte[] b = id();
        byte[] kb = privateKey(50);
        try (EncryptedFileStorage s = open()) {
            s.putKey(a, Algorithm.ED25519, privateKey(50));
            s.putKey(b, Algorithm.ED25519, kb);
        }
        Path fa = recordFile(a, Algorithm.ED25519);
        byte[] bytes = Files.readAllBytes(fa);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(fa, bytes);
        try (EncryptedFileStorage s = open()) {
            assertThatThrownBy(() -> s.getKey(a)).isInstanceOf(RecordTamperedException.class);
            assertThat(s.getKey(b).orElseThrow().cosePrivate()).isEqualTo(kb);
            assertThat(s.listIds(Algorithm.ED25519)).hasSize(2);
        }
    }

    @Test
    void swappedOrRelabelledRecordsFailClosed() throws Exception {
        byte[] a = id();
        byte[] b = id();
        byte[] c = id();
        byte[] kc = privateKey(32);
        try (EncryptedFileStorage s = open()) {
            s.putKey(a, Algorithm.ML_DSA_44, privateKey(32));
            s.putKey(b, Algorithm.ML_DSA_44, privateKey(32));
            s.putKey(c, Algorithm.ML_DSA_44, kc);
        }
        Path fa = recordFile(a, Algorithm.ML_DSA_44);
        Path fb = recordFile(b, Algorithm.ML_DSA_44);
        Path t = fa.resolveSibling("swap");
        Files.move(fa, t);
        Files.move(fb, fa);
        Files.move(t, fb);
        // Re-label c as another algorithm of the same key shape.
        Path fc = recordFile(c, Algorithm.ML_DSA_44);
        Files.move(fc, fc.resolveSibling(RecordLayout.keyFileName(RecordLayout.hex(c), Algorithm.ML_DSA_87)));
        try (EncryptedFileStorage s = open()) {
            assertThatThrownBy(() -> s.getKey(a)).isInstanceOf(RecordTamperedException.class);
            assertThatThrownBy(() -> s.getKey(b)).isInstanceOf(RecordTamperedException.class);
            assertThatThrownBy(() -> s.getKey(c)).isInstanceOf(RecordTamperedException.class);
        }
    }

    @Test
    void tamperedSecretFailsClosed() throws Exception {
        try (EncryptedFileStorage s = open()) {
            s.setSecret("x".getBytes(StandardCharsets.UTF_8));
        }
        Path secret = state().resolve("secret-1");
        byte[] bytes = Files.readAllBytes(secret);
        bytes[20] ^= (byte) 0x80;
        Files.write(secret, bytes);
        try (EncryptedFileStorage s = open()) {
            assertThatThrownBy(s::secret).isInstanceOf(RecordTamperedException.class);
        }
    }

    @Test
    void noPlaintextKeyOrSecretAndNoTimestampsAtRest() throws Exception {
        List<byte[]> plaintexts = new ArrayList<>();
        try (EncryptedFileStorage s = open()) {
            for (int i = 0; i < 5; i++) {
                byte[] k = privateKey(48 + i);
                plaintexts.add(k);
                s.putKey(id(), Algorithm.SLH_DSA_SHA2_128S, k);
            }
            byte[] secret = ("a distinctive user secret " + RANDOM.nextLong()).getBytes(StandardCharsets.UTF_8);
            plaintexts.add(secret);
            s.setSecret(secret);
            s.deleteKey(s.listIds(Algorithm.SLH_DSA_SHA2_128S).getFirst());
        }
        List<byte[]> needles = new ArrayList<>();
        for (byte[] p : plaintexts) {
            needles.add(Arrays.copyOfRange(p, 0, 16));
            needles.add(Arrays.copyOfRange(p, p.length - 16, p.length));
            needles.add(Base64.getEncoder().encode(Arrays.copyOfRange(p, 0, 15)));
            needles.add(HexFormat.of().formatHex(p, 0, 12).getBytes(StandardCharsets.US_ASCII));
        }
        try (Stream<Path> all = Files.walk(state())) {
            for (Path p : all.toList()) {
                assertThat(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS))
                        .as("mtime of %s", p).isEqualTo(DurableFiles.EPOCH);
                if (Files.isDirectory(p)) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as("mode of %s", p)
                            .isEqualTo("rwx------");
                }
                if (Files.isRegularFile(p)) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
                    byte[] content = Files.readAllBytes(p);
                    for (byte[] n : needles) {
                        assertThat(indexOf(content, n)).as("plaintext in %s", p).isEqualTo(-1);
                    }
                }
            }
        }
    }

    @Test
    void crashLeftoversAreCleanedAtOpen() throws Exception {
        byte[] a = id();
        try (EncryptedFileStorage s = open()) {
            s.putKey(a, Algorithm.RS256, privateKey(20));
        }
        Files.write(state().resolve("keys-1").resolve(".tmp-0011"), new byte[] {1, 2});
        Files.write(state().resolve("keys-1").resolve(".del-0022"), new byte[] {3});
        Files.createDirectories(state().resolve("keys-2"));
        Files.write(state().resolve("keys-2").resolve(RecordLayout.keyFileName(RecordLayout.hex(id()), Algorithm.RS256)), new byte[40]);
        try (EncryptedFileStorage s = open()) {
            assertThat(s.listIds(Algorithm.RS256)).containsExactly(a);
            assertThat(storeFileNames(state())).doesNotContain("keys-2");
            try (Stream<Path> keys = Files.list(state().resolve("keys-1"))) {
                assertThat(keys.map(p -> p.getFileName().toString()).toList())
                        .containsExactly(RecordLayout.keyFileName(RecordLayout.hex(a), Algorithm.RS256));
            }
        }
    }

    @Test
    void interruptedFirstStartIsRedone() throws Exception {
        Files.createDirectories(state());
        try (Vault v = openVault(state())) {
            v.createKey(Slot.KEY_STORE, 1);
        }
        Files.write(state().resolve(EncryptedFileStorage.INIT_MARKER), new byte[0]);
        Files.createDirectories(state().resolve("keys-1"));
        byte[] a = id();
        try (EncryptedFileStorage s = open()) {
            assertThat(s.secret()).isEmpty();
            s.putKey(a, Algorithm.ED25519, privateKey(30));
        }
        assertThat(state().resolve(EncryptedFileStorage.INIT_MARKER)).doesNotExist();
        try (EncryptedFileStorage s = open()) {
            assertThat(s.contains(a)).isTrue();
        }
    }

    @Test
    void lostManifestIsRefusedNotReinitialised() throws Exception {
        try (EncryptedFileStorage s = open()) {
            s.putKey(id(), Algorithm.PS256, privateKey(20));
        }
        Files.delete(state().resolve(StoreManifest.FILE));
        assertThatThrownBy(this::open).isInstanceOf(StorageException.class).hasMessageContaining("MANIFEST");
    }

    Path recordFile(byte[] id, Algorithm alg) {
        return state().resolve("keys-1").resolve(RecordLayout.keyFileName(RecordLayout.hex(id), alg));
    }

    List<String> storeFileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    void copyStoreFiles(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                if (isVaultFile(from, p)) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    void restoreStoreFiles(Path copy, Path state) throws IOException {
        try (Stream<Path> files = Files.list(state)) {
            for (Path p : files.toList()) {
                if (!isVaultFile(state, p)) {
                    DurableFiles.deleteTree(p);
                }
            }
        }
        copyStoreFiles(copy, state);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
