package io.pqrstuv.storage.vault;

import io.pqrstuv.storage.persist.DurableFiles;
import io.pqrstuv.storage.persist.StorageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Software stand-in for the TPM ({@code --vault dev}): each AES-256 key is a 32-byte file
 * {@code <slot>-<generation>.key} (mode 0600) in a 0700 directory. Offers no hardware
 * protection: whoever can read the directory can decrypt the store. Every open prints one
 * warning line saying so.
 */
public final class DevVault implements Vault {
    /** The warning printed once per open (stderr). */
    public static final String WARNING = "WARNING: vault 'dev' keeps its AES keys in software key files"
            + " and offers NO hardware protection; use --vault tpm or pkcs11:CONFIG on a real device.";

    private static final Set<PosixFilePermission> OWNER_RW =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path dir;
    private final SecureRandom random;

    private DevVault(Path dir, SecureRandom random) {
        this.dir = dir;
        this.random = random;
    }

    /** Opens (creating if needed) the key directory and prints the warning line to {@code warnings}. */
    public static DevVault open(Path dir, SecureRandom random, PrintStream warnings) throws StorageException {
        try {
            DurableFiles.createDirectory(dir);
            if (!Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE))) {
                throw new StorageException("dev vault directory " + dir + " must be mode 0700");
            }
        } catch (IOException e) {
            throw new StorageException("cannot open dev vault directory " + dir + ": " + e.getMessage(), e);
        }
        warnings.println(WARNING);
        warnings.flush();
        return new DevVault(dir, random);
    }

    @Override
    public String describe() {
        return "dev (software key files in " + dir + ", no hardware protection)";
    }

    private Path keyFile(Slot slot, int generation) {
        return dir.resolve(slot.label() + "-" + generation + ".key");
    }

    @Override
    public boolean hasAnyKey(Slot slot) throws StorageException {
        return !keyFiles(slot).isEmpty();
    }

    @Override
    public void createKey(Slot slot, int generation) throws StorageException {
        byte[] key = new byte[DataKeyCipher.KEY_LENGTH];
        try {
            random.nextBytes(key);
            DurableFiles.write(keyFile(slot, generation), key);
        } catch (IOException e) {
            throw new StorageException("cannot write dev vault key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public void destroyKey(Slot slot, int generation) throws StorageException {
        Path f = keyFile(slot, generation);
        try {
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                DurableFiles.delete(f);
            }
        } catch (IOException e) {
            throw new StorageException("cannot destroy dev vault key: " + e.getMessage(), e);
        }
    }

    @Override
    public void destroyStale(Slot slot, int keep) throws StorageException {
        Path kept = keyFile(slot, keep);
        try {
            for (Path f : keyFiles(slot)) {
                if (!f.equals(kept)) {
                    DurableFiles.delete(f);
                }
            }
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, ".{tmp,del}-*")) {
                for (Path p : leftovers) {
                    DurableFiles.shredAndUnlink(p);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot clean dev vault: " + e.getMessage(), e);
        }
    }

    private java.util.List<Path> keyFiles(Slot slot) throws StorageException {
        java.util.List<Path> files = new java.util.ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, slot.label() + "-*.key")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new StorageException("cannot list dev vault: " + e.getMessage(), e);
        }
        return files;
    }

    private byte[] readKey(Slot slot, int generation) throws StorageException {
        Path f = keyFile(slot, generation);
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new StorageException("dev vault has no " + slot.label() + " key of generation " + generation);
            }
            if (!Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS).equals(OWNER_RW)) {
                throw new StorageException("dev vault key file " + f.getFileName() + " must be mode 0600");
            }
            return readExactly(f, DataKeyCipher.KEY_LENGTH);
        } catch (IOException e) {
            throw new StorageException("cannot read dev vault key: " + e.getMessage(), e);
        }
    }

    /**
     * The file's bytes, read through a direct buffer of our own that is zeroed after: a read into a
     * heap array goes through the JDK's per-thread cached direct buffer, which kept the last key read
     * in native memory (found by {@code MemoryProbeTest} in {@code /proc/PID/mem}).
     */
    private static byte[] readExactly(Path f, int length) throws IOException, StorageException {
        ByteBuffer buf = ByteBuffer.allocateDirect(length + 1); // one more, to see a longer file
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until full or end of file
            }
            if (buf.position() != length) {
                throw new StorageException("dev vault key file " + f.getFileName() + " is corrupt");
            }
            byte[] key = new byte[length];
            buf.flip().get(key);
            return key;
        } finally {
            buf.clear();
            while (buf.hasRemaining()) {
                buf.put((byte) 0);
            }
        }
    }

    @Override
    public byte[] encrypt(Slot slot, int generation, byte[] plaintext, byte[] aad) throws StorageException {
        return DataKeyCipher.encrypt(readKey(slot, generation), random, plaintext, aad);
    }

    @Override
    public byte[] decrypt(Slot slot, int generation, byte[] sealed, byte[] aad) throws StorageException {
        return DataKeyCipher.decrypt(readKey(slot, generation), sealed, aad);
    }

    @Override
    public void close() {
        // Nothing is held between operations.
    }
}
