package io.pqrstuv.testkit.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SocatPtyPairTest {

    @Test
    void createsTwoConnectedPtysAndCleansUp() throws Exception {
        Path dir;
        long pid;
        try (SocatPtyPair pair = SocatPtyPair.start()) {
            assertThat(Files.isSymbolicLink(pair.a())).isTrue();
            assertThat(Files.isSymbolicLink(pair.b())).isTrue();
            assertThat(pair.a().toRealPath().toString()).startsWith("/dev/pts/");
            assertThat(pair.b().toRealPath()).isNotEqualTo(pair.a().toRealPath());
            // Plain file I/O is enough to see that bytes cross (the ptys are raw).
            try (RandomAccessFile a = new RandomAccessFile(pair.a().toFile(), "rw");
                    RandomAccessFile b = new RandomAccessFile(pair.b().toFile(), "rw")) {
                a.write(new byte[] {0x00, 0x11, 0x13, 0x0A, (byte) 0xFF});
                byte[] got = new byte[5];
                b.readFully(got);
                assertThat(got).containsExactly(0x00, 0x11, 0x13, 0x0A, 0xFF);
            }
            dir = pair.a().getParent();
            pid = pair.pid();
            // socat runs under ProcessLauncher, which keeps its -d -d log in memory
            assertThat(pair.log()).contains("starting data transfer loop")
                    .contains(pair.a().toRealPath().toString());
            assertThat(pair.isAlive()).isTrue();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dir).doesNotExist();
    }

    @Test
    void missingSocatIsAClearError() {
        assertThatThrownBy(() -> SocatPtyPair.start("/nonexistent/bin/socat"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot run /nonexistent/bin/socat")
                .hasMessageContaining("socat' package");
    }

    @Test
    void socatThatExitsAtOnceIsReported() {
        // 'false' ignores its arguments and exits 1: the pair must say so, not hang.
        assertThatThrownBy(() -> SocatPtyPair.start("false"))
                .isInstanceOf(IOException.class).hasMessageContaining("exited with status 1");
    }
}
