package io.pqrstuv.qrng.emulator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    @Test
    void writesReplaceAtomicallyAndSecretsAreOwnerOnly() throws Exception {
        try (StateStore s = StateStore.open(dir.resolve("d"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.dir()))).isEqualTo("rwx------");
            assertThat(s.read("x.bin")).isEmpty();
            s.write("x.bin", new byte[] {1, 2}, false);
            s.write("x.bin", new byte[] {3}, false);
            assertThat(s.read("x.bin")).hasValueSatisfying(b -> assertThat(b).containsExactly(3));
            byte[] secret = {9, 9};
            s.writeSecret("key", secret);
            assertThat(secret).containsOnly(0);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.path("key")))).isEqualTo("rw-------");
            try (var list = Files.list(s.dir())) {
                assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".lock", "x.bin", "key");
            }
            assertThatThrownBy(() -> s.read("../escape")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFileIsNotADirectory() throws Exception {
        Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> StateStore.open(dir.resolve("f"))).hasMessageContaining("not a directory");
    }

    @Test
    void aDamagedIdentityIsReportedByName() throws Exception {
        try (StateStore s = StateStore.open(dir)) {
            s.write(Identity.FILE, "serial=QC1\n".getBytes(), false);
            assertThatThrownBy(() -> Identity.loadOrCreate(s, null, null)).hasMessageContaining("device.properties")
                    .hasMessageContaining("damaged");
        }
    }

    @Test
    void serialsAreQcAndTenDigitsBelow2To32() {
        var r = new java.security.SecureRandom();
        for (int i = 0; i < 1000; i++) {
            String s = Identity.newSerial(r);
            assertThat(s).matches("QC[0-9]{10}");
            assertThat(Long.parseLong(s.substring(2))).isBetween(1L, 0xFFFF_FFFFL);
        }
        assertThatThrownBy(() -> Identity.checkSerial("QC4294967296")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Identity.checkSerial("QC0000000217")).isEqualTo("QC0000000217");
    }
}
