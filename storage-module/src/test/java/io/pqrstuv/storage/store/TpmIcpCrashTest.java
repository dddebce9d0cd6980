package io.pqrstuv.storage.store;

import io.pqrstuv.storage.vault.Swtpm;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The at-rest crash test with {@code --vault tpm} (swtpm started by the test): the child holds a
 * long-lived ESAPI connection and its data keys in RAM when it is SIGKILLed, mid-command or not;
 * every acknowledged change survives and the next child (which flushes what the dead one left
 * loaded in a TPM without resource manager) unseals the same keys. Fewer commands than the dev
 * run: the crash protocol is the same, the TPM connection is what is new.
 */
@Tag("slow")
class TpmIcpCrashTest extends IcpCrashTest {
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
        return 120;
    }

    @Override
    int targetKills() {
        return 8;
    }
}
