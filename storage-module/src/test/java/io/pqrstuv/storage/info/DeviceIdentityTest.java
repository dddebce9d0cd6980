package io.pqrstuv.storage.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceIdentityTest {
    @TempDir
    Path dir;

    @Test
    void createdOnceThenReadBack() throws IOException {
        String first = DeviceIdentity.loadOrCreate(dir.resolve("state"), new DrbgEntropySource());
        assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(DeviceIdentity.loadOrCreate(dir.resolve("state"), new DrbgEntropySource())).isEqualTo(first);
        assertThat(new InfoMap(first, Algorithm.PROFILE).encoded()).isEqualTo(new InfoMap(first, Algorithm.PROFILE).encoded());
    }

    @Test
    void aDamagedIdentityFileStopsTheStart() throws IOException {
        Files.writeString(dir.resolve(DeviceIdentity.FILE_NAME), "not a uuid");
        assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(dir, new DrbgEntropySource())).isInstanceOf(IOException.class);
    }
}
