package io.pqrstuv.storage;

import static io.pqrstuv.storage.testing.EmulatedQcicada.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.qrng.emulator.EmulatorStatistics;
import io.pqrstuv.qrng.emulator.HealthTest;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.storage.clock.ScaledClock;
import io.pqrstuv.storage.entropy.QcicadaEntropySource;
import io.pqrstuv.storage.testing.EmulatedQcicada;
import io.pqrstuv.storage.testing.IcpClient;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage module drawing from a QCicada (the emulator, over a real pty) through the attested
 * entropy source: what works, and that every failure of the QRNG fails closed (issue 11).
 */
class AttestedEntropyModuleTest {
    private static final byte[] SECRET = new byte[0];
    private static final Duration LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private record Running(EmulatedQcicada qrng, QcicadaEntropySource entropy, StorageModule module, IcpClient client)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            client.close();
            module.close();
            entropy.close();
            qrng.close();
        }
    }

    private Running start(QcicadaEntropySource.Settings settings) throws Exception {
        EmulatedQcicada q = EmulatedQcicada.start(dir.resolve("qrng"));
        QcicadaEntropySource source = q.open(settings);
        PipeLink.Pair pipe = PipeLink.pair();
        StorageModule m = StorageModule.start(new StorageModule.Config(dir.resolve("state"), "memory", source,
                new JcaDeviceCrypto(), new ScaledClock(1), Algorithm.PROFILE), pipe.a());
        return new Running(q, source, m, new IcpClient(pipe.b()));
    }

    private static byte[] alg(Algorithm a) {
        return AlgId.encode(a.coseId());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertSigns(IcpClient c, Algorithm a, byte[] id) throws Exception {
        byte[] doc = new byte[100];
        new SecureRandom().nextBytes(doc);
        ResponsePayload sig = c.authenticated(SECRET, Command.SIGN, concat(id, IndependentCrypto.sha3(doc)));
        assertThat(sig.code()).isEqualTo(ResponseCode.SUCCESS);
        ResponsePayload pub = c.authenticated(SECRET, Command.GET_PUB, id);
        assertThat(IndependentCrypto.verify(a, IndependentCrypto.publicKeyFromCose(a, pub.data()), doc, sig.data())).isTrue();
    }

    @Test
    void keygenInitAndSigningWorkAndTheQrngShowsTheBytesDrawn() throws Exception {
        try (Running r = start(QcicadaEntropySource.Settings.defaults())) {
            EmulatorStatistics before = r.qrng().emulator().statistics();
            IcpClient.Session s = r.client().init();
            assertThat(s.nonce()).isNotEqualTo(new byte[16]);
            for (Algorithm a : new Algorithm[] {Algorithm.ES256, Algorithm.ML_DSA_65, Algorithm.ED25519}) {
                ResponsePayload k = r.client().authenticated(SECRET, Command.KEYGEN, alg(a));
                assertThat(k.code()).as(a.displayName()).isEqualTo(ResponseCode.SUCCESS);
                assertSigns(r.client(), a, k.data());
            }
            assertThat(r.client().authenticated(SECRET, Command.SEC_SET_INIT, alg(Algorithm.ML_KEM_512)).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            EmulatorStatistics after = r.qrng().emulator().statistics();
            assertThat(after.signedReads() - before.signedReads()).as("one verified signed read per key generation")
                    .isGreaterThanOrEqualTo(4);
            assertThat(after.generatedBytesTotal() - before.generatedBytesTotal()).isGreaterThanOrEqualTo(4 * 32);
            assertThat(r.qrng().events).isEmpty();
        }
    }

    @Test
    void aHealthFailureFailsClosedWhileInfoAndPingWorkAndClearingItRestoresService() throws Exception {
        try (Running r = start(QcicadaEntropySource.Settings.defaults())) {
            IcpClient c = r.client();
            byte[] es256 = c.authenticated(SECRET, Command.KEYGEN, alg(Algorithm.ES256)).data();
            byte[] ed = c.authenticated(SECRET, Command.KEYGEN, alg(Algorithm.ED25519)).data();
            IcpClient.Session[] early = new IcpClient.Session[5];
            for (int i = 0; i < early.length; i++) {
                early[i] = c.init();
            }
            r.qrng().emulator().faults().healthFailure(HealthTest.REPETITION_COUNT, true);
            assertThat(await(() -> r.qrng().eventsWith("unavailable") == 1, LIMIT)).as("said on the event line").isTrue();

            assertThat(c.call(early[0].request(SECRET, Command.KEYGEN, alg(Algorithm.ES256))).code())
                    .isEqualTo(ResponseCode.CMD_FAIL);
            assertThat(c.unauthenticated(Command.INIT, new byte[0]).code()).isEqualTo(ResponseCode.CMD_FAIL);
            assertThat(c.call(early[1].request(SECRET, Command.SEC_SET_INIT, alg(Algorithm.ML_KEM_768))).code())
                    .isEqualTo(ResponseCode.CMD_FAIL);
            assertThat(c.unauthenticated(Command.GET_INFO, new byte[0]).code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(c.unauthenticated(Command.PING, new byte[] {1, 2}).data()).containsExactly(1, 2);
            assertThat(c.call(early[2].request(SECRET, Command.KEY_LST, alg(Algorithm.ES256))).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            byte[] digest = new byte[32];
            assertThat(c.call(early[3].request(SECRET, Command.SIGN, concat(es256, digest))).code())
                    .as("an ECDSA nonce is never drawn from a failed source").isEqualTo(ResponseCode.CMD_FAIL);
            assertThat(c.call(early[4].request(SECRET, Command.SIGN, concat(ed, digest))).code())
                    .as("Ed25519 draws nothing").isEqualTo(ResponseCode.SUCCESS);

            r.qrng().emulator().faults().clear();
            assertThat(await(() -> r.entropy().failure().isEmpty(), LIMIT)).isTrue();
            ResponsePayload k = c.authenticated(SECRET, Command.KEYGEN, alg(Algorithm.ES256));
            assertThat(k.code()).isEqualTo(ResponseCode.SUCCESS);
            assertSigns(c, Algorithm.ES256, k.data());
            assertThat(r.qrng().events).hasSize(2);
            assertThat(r.qrng().eventsWith("healthy again")).isEqualTo(1);
        }
    }

    @Test
    void aForgedSignedReadFailsClosed() throws Exception {
        // The QRNG is asked nothing unprompted here, so the forged reply meets KEYGEN's reseed.
        var quiet = QcicadaEntropySource.Settings.defaults().withHealthPoll(Duration.ofHours(1))
                .withStaleAfter(Duration.ofHours(1));
        try (Running r = start(quiet)) {
            IcpClient c = r.client();
            IcpClient.Session early = c.init();
            IcpClient.Session list = c.init();
            byte[] forged = new byte[1 + 32 + 64];
            new SecureRandom().nextBytes(forged);
            forged[0] = 0x52;
            r.qrng().emulator().faults().replaceNextReply(forged);
            assertThat(c.call(early.request(SECRET, Command.KEYGEN, alg(Algorithm.ES256))).code())
                    .isEqualTo(ResponseCode.CMD_FAIL);
            assertThat(r.qrng().eventsWith("signature does not verify")).isEqualTo(1);
            assertThat(c.call(list.request(SECRET, Command.KEY_LST, alg(Algorithm.ES256))).data())
                    .as("nothing was stored").containsExactly(0, 0, 0, 0);
            assertThat(await(() -> r.entropy().failure().isEmpty(), LIMIT)).isTrue();
            assertThat(c.authenticated(SECRET, Command.KEYGEN, alg(Algorithm.ES256)).code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }
}
