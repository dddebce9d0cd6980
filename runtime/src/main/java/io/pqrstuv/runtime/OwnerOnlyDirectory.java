package io.pqrstuv.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories only their owner may list or enter (mode 0700): state directories, key work areas.
 * On a file system without POSIX permissions the umask decides.
 */
public final class OwnerOnlyDirectory {
    public static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyDirectory() {
    }

    /**
     * Creates {@code dir} and missing parents (created owner-only too), then sets {@code dir} itself
     * to 0700 whatever created it and whatever the umask.
     *
     * @throws IOException if it cannot be created or its mode cannot be set
     */
    public static Path create(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, attribute());
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
            }
        }
        try {
            Files.setPosixFilePermissions(dir, MODE);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the umask decides
        }
        return dir;
    }

    /** A new owner-only directory in the system temp directory. */
    public static Path createTemp(String prefix) throws IOException {
        try {
            return Files.createTempDirectory(prefix, attribute());
        } catch (UnsupportedOperationException e) {
            return Files.createTempDirectory(prefix);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute() {
        return PosixFilePermissions.asFileAttribute(MODE);
    }
}
