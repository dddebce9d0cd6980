package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.testing.ModuleUnderTest;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * STOR-9: keys and the secret survive a restart, on the persistent {@code dev} vault. Skips itself
 * while that backend is not available.
 */
class PersistenceConformanceTest extends ConformanceBase {

    @BeforeEach
    @Override
    void startModule() throws Exception {
        try {
            module = ModuleUnderTest.start(ModuleUnderTest.Transport.MEMORY, 1, "dev");
        } catch (StorageException e) {
            Assumptions.abort("the dev vault is not available: " + e.getMessage());
        }
        module.assumeControlled();
        client = module.client();
    }

    private void restart() throws Exception {
        module.restart();
        client = module.client();
    }

    @Test
    void keysAndTheSecretSurviveARestartAndDeviceResetWipesThem() throws Exception {
        byte[] info = client.unauthenticated(Command.GET_INFO, NONE).data();
        byte[] id = keygen(Algorithm.ES256);
        byte[] pub = getPub(id);
        byte[] secret = "persist".getBytes(StandardCharsets.UTF_8);
        SecretConformanceTest secrets = new SecretConformanceTest();
        secrets.client = client;
        PublicKey kem = secrets.secSetInit(Algorithm.ML_KEM_512, DEFAULT_SECRET);
        assertThat(secrets.conf(DEFAULT_SECRET, SecretConformanceTest.confData(Algorithm.ML_KEM_512, kem, secret)))
                .isEqualTo(ResponseCode.SUCCESS);

        restart();
        assertThat(client.unauthenticated(Command.GET_INFO, NONE).data()).isEqualTo(info);
        assertThat(client.authenticated(secret, Command.KEY_LST, AlgId.encode(-7)).data()).isEqualTo(concat(new byte[] {0, 0, 0, 1}, id));
        assertThat(client.authenticated(secret, Command.GET_PUB, id).data()).isEqualTo(pub);
        byte[] doc = random(50);
        byte[] sig = client.authenticated(secret, Command.SIGN, concat(id, IndependentCrypto.sha3(doc))).data();
        assertThat(IndependentCrypto.verify(Algorithm.ES256, IndependentCrypto.publicKeyFromCose(Algorithm.ES256, pub), doc, sig)).isTrue();

        assertThat(client.authenticated(secret, Command.DEV_RST, NONE).code()).isEqualTo(ResponseCode.SUCCESS);
        restart();
        assertThat(client.unauthenticated(Command.GET_INFO, NONE).data()).isEqualTo(info);
        assertThat(client.authenticated(DEFAULT_SECRET, Command.KEY_LST, AlgId.encode(-7)).data()).containsExactly(0, 0, 0, 0);
    }
}
