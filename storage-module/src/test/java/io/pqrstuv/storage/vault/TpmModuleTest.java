package io.pqrstuv.storage.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.storage.testing.IcpClient;
import io.pqrstuv.storage.testing.ModuleUnderTest;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running storage module on {@code --vault tpm} (swtpm), seen through ICP: it keeps serving
 * across a TPM restart without being restarted itself, and a PCR extend while it runs makes every
 * key operation fail closed (CMD_FAIL) at the next command, until the measured state returns.
 */
@Tag("slow")
class TpmModuleTest {
    private static final byte[] SECRET = new byte[0];
    private static final SecureRandom RANDOM = new SecureRandom();

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

    /** No store keys from an earlier test (each test's module has a fresh state directory). */
    @BeforeEach
    void cleanTpm() throws Exception {
        swtpm.restart();
        try (Vault v = TpmVault.open(swtpm.tcti(), RANDOM)) {
            v.destroyStale(Vault.Slot.KEY_STORE, 0);
            v.destroyStale(Vault.Slot.SECRET, 0);
        }
    }

    private static ModuleUnderTest module() throws Exception {
        return ModuleUnderTest.start(ModuleUnderTest.Transport.MEMORY, 1, "tpm:" + swtpm.tcti());
    }

    private static byte[] keygen(IcpClient c) {
        ResponsePayload r = c.authenticated(SECRET, Command.KEYGEN, AlgId.encode(Algorithm.ES256.coseId()));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return r.data();
    }

    /** SIGN over a fresh document: the response code, and for SUCCESS the signature verified. */
    private static ResponseCode sign(IcpClient c, byte[] id) throws Exception {
        byte[] pubCose = c.authenticated(SECRET, Command.GET_PUB, id).data();
        byte[] doc = new byte[40];
        RANDOM.nextBytes(doc);
        byte[] op = new byte[48];
        System.arraycopy(id, 0, op, 0, 16);
        System.arraycopy(IndependentCrypto.sha3(doc), 0, op, 16, 32);
        ResponsePayload r = c.authenticated(SECRET, Command.SIGN, op);
        if (r.code() == ResponseCode.SUCCESS) {
            assertThat(IndependentCrypto.verify(Algorithm.ES256, IndependentCrypto.publicKeyFromCose(Algorithm.ES256, pubCose),
                    doc, r.data())).as("signature verifies").isTrue();
        }
        return r.code();
    }

    @Test
    void theModuleKeepsItsKeysAcrossATpmRestart() throws Exception {
        try (ModuleUnderTest m = module()) {
            IcpClient c = m.client();
            byte[] id = keygen(c);
            assertThat(sign(c, id)).isEqualTo(ResponseCode.SUCCESS);
            swtpm.restart(); // the TPM loses its transient objects and sessions; NV keeps the keys
            assertThat(sign(c, id)).isEqualTo(ResponseCode.SUCCESS);
            // After the idle window the keys must come out of the TPM again, over the new connection.
            Thread.sleep(TpmVault.KeyWindow.DEFAULT.idle().toMillis() + 500);
            swtpm.restart();
            assertThat(sign(c, id)).isEqualTo(ResponseCode.SUCCESS);
            assertThat(keygen(c)).hasSize(16);
        }
    }

    @Test
    void aPcrExtendFailsKeyOperationsClosedAtTheNextCommand() throws Exception {
        try (ModuleUnderTest m = module()) {
            IcpClient c = m.client();
            byte[] id = keygen(c);
            assertThat(sign(c, id)).isEqualTo(ResponseCode.SUCCESS);
            swtpm.extendPcr(7); // a tamper switch, while the module runs with its keys in RAM
            Thread.sleep(TpmVault.KeyWindow.DEFAULT.pcrCheck().toMillis() + 5);
            byte[] op = new byte[48];
            System.arraycopy(id, 0, op, 0, 16);
            for (Command cmd : new Command[] {Command.SIGN, Command.GET_PUB, Command.KEY_LST, Command.KEYGEN}) {
                byte[] data = switch (cmd) {
                    case SIGN -> op;
                    case GET_PUB -> id;
                    default -> AlgId.encode(Algorithm.ES256.coseId());
                };
                assertThat(c.authenticated(SECRET, cmd, data).code()).as("%s after the extend", cmd)
                        .isEqualTo(ResponseCode.CMD_FAIL);
            }
            // Not a wrong secret: nothing counted towards the rate limit, and the module is alive.
            assertThat(c.unauthenticated(Command.PING, new byte[] {1}).code()).isEqualTo(ResponseCode.SUCCESS);
            // Back in the measured state (a reboot resets the PCRs): the same module serves again.
            swtpm.restart();
            assertThat(sign(c, id)).isEqualTo(ResponseCode.SUCCESS);
        }
    }
}
