package io.pqrstuv.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyDirectoryTest {
    @TempDir
    Path root;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void createsTheDirectoryAndItsParentsOwnerOnly() throws IOException {
        Path dir = root.resolve("a/b/c");
        assertThat(OwnerOnlyDirectory.create(dir)).isEqualTo(dir);
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("a/b"))).isEqualTo("rwx------");
    }

    @Test
    void tightensAnExistingDirectory() throws IOException {
        Path dir = Files.createDirectory(root.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnlyDirectory.create(dir);
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void aFileInTheWayIsAnError() throws IOException {
        Path file = Files.writeString(root.resolve("file"), "x");
        assertThatThrownBy(() -> OwnerOnlyDirectory.create(file)).isInstanceOf(IOException.class);
    }

    @Test
    void tempDirectoriesAreOwnerOnly() throws IOException {
        Path t = OwnerOnlyDirectory.createTemp("pqrstuv-test-");
        try {
            assertThat(mode(t)).isEqualTo("rwx------");
            assertThat(t.getFileName().toString()).startsWith("pqrstuv-test-");
        } finally {
            Files.delete(t);
        }
    }
}
