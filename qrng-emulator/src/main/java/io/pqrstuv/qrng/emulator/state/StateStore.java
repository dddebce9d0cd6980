package io.pqrstuv.qrng.emulator.state;

import io.pqrstuv.runtime.OwnerOnlyDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The emulated device's persistent memory: one file per item in a directory the emulator owns while
 * it runs (an exclusive lock on {@code .lock}, so two emulators never share a device). Writes are
 * crash-safe: a new version is written to a temporary file, forced to disk, renamed over the old one
 * and the directory is forced, so a crash leaves the old version or the new one, never a mix.
 */
public final class StateStore implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StateStore(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating it if needed, owner-only) and locks {@code dir}. */
    public static StateStore open(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException("state directory " + abs + " is not a directory");
        }
        if (!Files.exists(abs)) {
            OwnerOnlyDirectory.create(abs); // an existing directory is the user's: its mode is left alone
        }
        FileChannel ch = FileChannel.open(abs.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            throw new IOException("state directory " + abs + " is in use by another emulator");
        }
        return new StateStore(abs, ch, l);
    }

    public Path dir() {
        return dir;
    }

    public Path path(String name) {
        return dir.resolve(checkName(name));
    }

    /** The item's bytes, or empty when it was never written. */
    public Optional<byte[]> read(String name) {
        try {
            return Optional.of(Files.readAllBytes(path(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path(name), e);
        }
    }

    public boolean exists(String name) {
        return Files.exists(path(name));
    }

    /** Replaces the item atomically; {@code ownerOnly} for private keys and passphrases. */
    public void write(String name, byte[] data, boolean ownerOnly) {
        Path target = path(name);
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Set<StandardOpenOption> opts = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileChannel ch;
            try {
                ch = FileChannel.open(tmp, opts, PosixFilePermissions.asFileAttribute(
                        ownerOnly ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r--r--")));
            } catch (UnsupportedOperationException e) {
                ch = FileChannel.open(tmp, opts);
            }
            try (FileChannel c = ch) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    c.write(b);
                }
                c.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Like {@link #write} but overwrites {@code data} with zeros afterwards. */
    public void writeSecret(String name, byte[] data) {
        try {
            write(name, data, true);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open or force a directory; the rename is still atomic
        }
    }

    private static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad state item name " + name);
        }
        return name;
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
