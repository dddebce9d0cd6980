package io.pqrstuv.cryptnox.emulator.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The state file, written crash-safely: the new content goes to a temporary file in the same
 * directory (mode 0600), which is fsynced, atomically renamed over the state file, and then the
 * directory is fsynced so the rename itself is durable. A reader (or a restarted emulator) sees
 * either the old state or the new one, never a torn file, whenever the process or the machine dies.
 *
 * <p>An exclusive lock on {@code FILE.lock} stops a second emulator from serving the same card
 * (two processes would overwrite each other's PIN counters). The lock dies with the process, so a
 * killed emulator never leaves a stale lock behind.
 */
public final class FileStateStore implements StateStore {
    private static final SecureRandom TEMP_NAMES = new SecureRandom();

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private FileStateStore(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (and locks) the state file; it need not exist yet.
     *
     * @throws IOException if the directory is missing or another emulator holds the card
     */
    public static FileStateStore open(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "the state file's directory does not exist");
        }
        Path lockFile = dir.resolve(abs.getFileName() + ".lock");
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("state file " + abs + " is in use by another emulator (lock " + lockFile + ")");
        }
        return new FileStateStore(abs, ch, lock);
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<byte[]> load() throws IOException {
        try {
            byte[] b = Files.readAllBytes(file);
            return Optional.of(b);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void save(byte[] encoded) throws IOException {
        Path dir = file.getParent();
        Path tmp = createTemp(dir);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(encoded);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path createTemp(Path dir) throws IOException {
        for (int i = 0; ; i++) {
            byte[] r = new byte[6];
            TEMP_NAMES.nextBytes(r);
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + HexFormat.of().formatHex(r));
            try {
                return Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                if (i > 10) {
                    throw e;
                }
            } catch (UnsupportedOperationException e) {
                return Files.createFile(tmp);
            }
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
