package io.pqrstuv.storage.persist;

import io.pqrstuv.runtime.OwnerOnlyDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Crash-safe file primitives: write to a temporary file, fsync, atomic rename, fsync the
 * directory. Every file and directory written gets the constant time stamp {@link #EPOCH}
 * so that modification times reveal nothing about when a key was created or used.
 */
public final class DurableFiles {
    /** The only time stamp this store ever leaves on a file (1970-01-01T00:00:00Z). */
    public static final FileTime EPOCH = FileTime.fromMillis(0);
    /** Prefix of in-flight files; leftovers of a crash are deleted when the store opens. */
    public static final String TEMP_PREFIX = ".tmp-";
    /** Prefix of files being deleted; leftovers of a crash are deleted when the store opens. */
    public static final String DELETE_PREFIX = ".del-";

    private static final SecureRandom NAMES = new SecureRandom();

    private DurableFiles() {
    }

    /** Atomically replaces {@code target} with {@code content} (owner read/write only), durably. */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(TEMP_PREFIX + randomSuffix());
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        neutraliseTimes(tmp);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Deletes {@code file} durably: renames it out of the way first (so a crash cannot leave a
     * half-overwritten record under its real name), overwrites it with zeros, then unlinks it.
     * Overwriting is best effort: journaling, copy-on-write and flash wear levelling may keep
     * old blocks (docs/security.md).
     */
    public static void delete(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path doomed = dir.resolve(DELETE_PREFIX + randomSuffix());
        Files.move(file, doomed, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
        shredAndUnlink(doomed);
        syncDirectory(dir);
    }

    /** Overwrites a file that is no longer referenced with zeros and unlinks it. */
    public static void shredAndUnlink(Path file) throws IOException {
        if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long size = ch.size();
                ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(size, 8192));
                for (long pos = 0; pos < size; ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), size - pos));
                    pos += ch.write(zeros, pos);
                }
                ch.force(true);
            }
        }
        Files.deleteIfExists(file);
    }

    /** Recursively shreds and removes a directory of records. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    deleteTree(p);
                }
            }
            Files.delete(dir);
        } else {
            shredAndUnlink(dir);
        }
    }

    /** Creates a directory (owner only) if missing, durably. An existing one is left as it is. */
    public static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            OwnerOnlyDirectory.create(dir);
            syncDirectory(dir.toAbsolutePath().getParent());
        }
    }

    /** fsync on a directory: makes renames and unlinks in it durable (Linux honours this). */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
        neutraliseTimes(dir);
    }

    /** Sets modification and access times to {@link #EPOCH}. The change time (ctime) cannot be set. */
    public static void neutraliseTimes(Path p) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(EPOCH, EPOCH, null);
    }

    private static String randomSuffix() {
        byte[] r = new byte[8];
        NAMES.nextBytes(r);
        return HexFormat.of().formatHex(r);
    }
}
