package io.pqrstuv.storage.vault.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.vault.Swtpm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-JVM ESAPI connection against a real (software) TPM, cross-checked with tpm2-tools. */
@Tag("slow")
class TpmConnectionTest {
    private static final int A = 0x81505120;
    private static final int B = 0x81505121;

    @TempDir
    static Path dir;
    static Swtpm swtpm;

    @BeforeAll
    static void startTpm() throws Exception {
        swtpm = Swtpm.start(dir.resolve("tpm"));
    }

    @AfterAll
    static void stopTpm() throws Exception {
        swtpm.close();
    }

    /** PCRs as after boot, no test objects left. */
    @BeforeEach
    void cleanTpm() throws Exception {
        swtpm.restart();
        try (TpmConnection c = TpmConnection.open(swtpm.tcti())) {
            c.evict(A);
            c.evict(B);
        }
    }

    @Test
    void sealedKeysArePersistentRandomAndUnsealInOneSession() throws Exception {
        try (TpmConnection c = TpmConnection.open(swtpm.tcti())) {
            c.seal(A, 32);
            c.seal(B, 32);
            assertThat(c.persistentHandles()).contains(A, B);
            List<byte[]> keys = c.unseal(A, B);
            assertThat(keys).hasSize(2);
            assertThat(keys.get(0)).hasSize(32).isNotEqualTo(new byte[32]).isNotEqualTo(keys.get(1));
            assertThat(c.unseal(B, A)).satisfiesExactly(
                    b -> assertThat(b).isEqualTo(keys.get(1)),
                    a -> assertThat(a).isEqualTo(keys.get(0)));
        }
        // Persistent in NV: a new connection (a new salt key) unseals the same bytes.
        try (TpmConnection c = TpmConnection.open(swtpm.tcti())) {
            assertThat(c.unseal(A)).hasSize(1);
        }
    }

    @Test
    void tpm2ToolsUnsealsWhatTheConnectionSealed() throws Exception {
        byte[] key;
        try (TpmConnection c = TpmConnection.open(swtpm.tcti())) {
            c.seal(A, 32);
            key = c.unseal(A).getFirst();
        }
        assertThat(toolsUnseal(A)).isEqualTo(key);
    }

    @Test
    void theConnectionUnsealsWhatTpm2ToolsSealed() throws Exception {
        Path work = Files.createTempDirectory(dir, "seal");
        String t = swtpm.tcti();
        byte[] secret = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        Files.write(work.resolve("secret"), secret);
        swtpm.run("tpm2_createprimary", "-T", t, "-Q", "-C", "o", "-g", "sha256", "-G", "ecc256", "-c",
                work.resolve("primary.ctx").toString());
        // Without a resource manager every tool leaves its objects loaded: flush between steps.
        swtpm.run("tpm2_flushcontext", "-T", t, "-t");
        swtpm.run("tpm2_createpolicy", "-T", t, "-Q", "--policy-pcr", "-l", "sha256:0,2,4,7", "-L",
                work.resolve("policy").toString());
        swtpm.run("tpm2_create", "-T", t, "-Q", "-C", work.resolve("primary.ctx").toString(), "-L",
                work.resolve("policy").toString(), "-a", "fixedtpm|fixedparent|adminwithpolicy|noda",
                "-i", work.resolve("secret").toString(), "-u", work.resolve("pub").toString(),
                "-r", work.resolve("priv").toString());
        swtpm.run("tpm2_flushcontext", "-T", t, "-t");
        swtpm.run("tpm2_load", "-T", t, "-Q", "-C", work.resolve("primary.ctx").toString(), "-u",
                work.resolve("pub").toString(), "-r", work.resolve("priv").toString(), "-c",
                work.resolve("obj.ctx").toString());
        swtpm.run("tpm2_evictcontrol", "-T", t, "-Q", "-C", "o", "-c", work.resolve("obj.ctx").toString(),
                Esys.hex(A));
        // The tools left the primary loaded (no resource manager): the connection flushes it.
        assertThat(swtpm.run("tpm2_getcap", "-T", t, "handles-transient")).contains("0x80");
        try (TpmConnection c = TpmConnection.open(t)) {
            assertThat(c.unseal(A).getFirst()).isEqualTo(secret);
        }
    }

    @Test
    void anExtendedPcrRefusesTheUnsealUntilTheTpmRestarts() throws Exception {
        try (TpmConnection c = TpmConnection.open(swtpm.tcti())) {
            c.seal(A, 32);
            byte[] before = c.unseal(A).getFirst();
            TpmConnection.PcrState boot = c.readPolicyPcrs();
            // Another client extends PCR 7 while the connection is open (swtpm serves one
            // connection at a time; the swtpm TCTI connects per command).
            swtpm.extendPcr(7);
            assertThat(c.readPolicyPcrs().sameValues(boot)).isFalse();
            assertThatThrownBy(() -> c.unseal(A)).isInstanceOfSatisfying(TpmException.class,
                    e -> assertThat(e.isAuthorisationRefused()).isTrue());
            // A restart (reboot into the same measured state) resets the PCRs; the connection
            // notices that its salt key is gone, reconnects and unseals again.
            swtpm.restart();
            assertThat(c.unseal(A).getFirst()).isEqualTo(before);
            assertThat(c.connects()).isEqualTo(2);
            assertThat(c.readPolicyPcrs().sameValues(boot)).isTrue();
        }
    }

    @Test
    void extendPcrThroughTheConnection() throws Exception {
        try (TpmConnection c = TpmConnection.open(swtpm.tcti())) {
            c.seal(A, 32);
            TpmConnection.PcrState boot = c.readPolicyPcrs();
            c.extendPcr(7, new byte[32]);
            TpmConnection.PcrState after = c.readPolicyPcrs();
            assertThat(after.sameValues(boot)).isFalse();
            assertThat(after.updateCounter()).isGreaterThan(boot.updateCounter());
            assertThatThrownBy(() -> c.unseal(A)).isInstanceOfSatisfying(TpmException.class,
                    e -> assertThat(e.isAuthorisationRefused()).isTrue());
        }
    }

    @Test
    void evictedObjectsAreGone() throws Exception {
        try (TpmConnection c = TpmConnection.open(swtpm.tcti())) {
            c.seal(A, 32);
            c.evict(A);
            c.evict(A); // idempotent
            assertThat(c.persistentHandles()).doesNotContain(A);
            assertThatThrownBy(() -> c.unseal(A)).isInstanceOfSatisfying(TpmException.class,
                    e -> assertThat(e.isAuthorisationRefused()).isFalse());
        }
    }

    @Test
    void resealingAHandleReplacesTheKey() throws Exception {
        try (TpmConnection c = TpmConnection.open(swtpm.tcti())) {
            c.seal(A, 32);
            byte[] first = c.unseal(A).getFirst();
            c.seal(A, 32);
            assertThat(c.unseal(A).getFirst()).isNotEqualTo(first);
        }
    }

    @Test
    void aTpmThatIsNotThereIsAClearError() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> TpmConnection.open("swtpm:host=127.0.0.1,port=" + port))
                .isInstanceOf(StorageException.class).hasMessageContaining("failed");
        assertThatThrownBy(() -> TpmConnection.open("nosuchtcti:whatever"))
                .isInstanceOf(TpmException.class).hasMessageContaining("Tss2_TctiLdr_Initialize");
        assertThatThrownBy(() -> TpmConnection.open("device:/nonexistent/tpm"))
                .isInstanceOf(TpmException.class);
    }

    @Test
    void closedConnectionsRefuseWork() throws Exception {
        TpmConnection c = TpmConnection.open(swtpm.tcti());
        c.close();
        assertThatThrownBy(c::persistentHandles).isInstanceOf(StorageException.class).hasMessageContaining("closed");
    }

    /** tpm2-tools' own unseal of a PCR-sealed persistent object: an independent implementation. */
    private static byte[] toolsUnseal(int handle) throws Exception {
        Path work = Files.createTempDirectory(dir, "unseal");
        String t = swtpm.tcti();
        String session = work.resolve("session.ctx").toString();
        swtpm.run("tpm2_startauthsession", "-T", t, "--policy-session", "-S", session);
        swtpm.run("tpm2_policypcr", "-T", t, "-Q", "-S", session, "-l", "sha256:0,2,4,7");
        Path out = work.resolve("key");
        swtpm.run("tpm2_unseal", "-T", t, "-c", Esys.hex(handle), "-p", "session:" + session, "-o", out.toString());
        swtpm.run("tpm2_flushcontext", "-T", t, session);
        return Files.readAllBytes(out);
    }
}
