package io.pqrstuv.storage.store;

import io.pqrstuv.storage.vault.Swtpm;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store-level crash test with {@code --vault tpm} (swtpm started by the test). Here the resets
 * seal and evict TPM objects, so a SIGKILL can land between a new key's seal and the manifest
 * commit, or between the commit and the old key's eviction: every open must finish or undo the
 * reset (stale handles evicted, the committed generation's keys unsealable) and the next child,
 * connecting to a TPM without resource manager, flushes what the dead one left loaded.
 */
@Tag("slow")
class TpmStoreCrashTest extends StoreCrashTest {
    @TempDir
    static Path tpmDir;
    static Swtpm swtpm;

    @BeforeAll
    static void startTpm() throws Exception {
        swtpm = Swtpm.start(tpmDir.resolve("tpm"));
    }

    @AfterAll
    static void stopTpm() throws Exception {
        swtpm.close();
    }

    @Override
    String vault() {
        return "tpm:" + swtpm.tcti();
    }

    @Override
    int operations() {
        return 150;
    }

    @Override
    int targetKills() {
        return 10;
    }
}
