package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.storage.testing.IcpClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checklist §1.5 (rate limiting) and the 10-minute rules, with the module clock 120× faster:
 * 5 min = 2.5 s, 10 min = 5 s, 30 min = 15 s of real time.
 */
@Tag("slow")
class TimedRulesConformanceTest extends ConformanceBase {
    private static final long SCALE = 120;
    private static final byte[] ML_DSA_44 = AlgId.encode(Algorithm.ML_DSA_44.coseId());

    @Override
    long timeScale() {
        return SCALE;
    }

    @BeforeEach
    void needsAKnownFastClock() {
        module.assumeTimeScale(SCALE);
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            IcpClient.Session s = client.init();
            ResponsePayload r = client.call(new RequestPayload(s.id(), random(16), Command.KEY_LST, ML_DSA_44));
            assertThat(r.code()).isEqualTo(ResponseCode.INCORRECT_SECRET);
        }
    }

    private ResponseCode listCode() {
        return auth(Command.KEY_LST, ML_DSA_44).code();
    }

    @Test
    void threeFailuresLockOutAuthenticatedCommandsButNotTheUnauthenticatedOnes() {
        fail(3);
        assertThat(listCode()).isEqualTo(ResponseCode.RATE_LIMITED);
        // Not parsed while locked out: reserved session, bad token, bad op data all get RATE_LIMITED.
        IcpClient.Session s = client.init();
        assertThat(client.call(new RequestPayload(0, s.token(DEFAULT_SECRET), Command.KEYGEN, ML_DSA_44)).code())
                .isEqualTo(ResponseCode.RATE_LIMITED);
        assertThat(client.call(new RequestPayload(s.id(), random(16), Command.KEYGEN, ML_DSA_44)).code())
                .isEqualTo(ResponseCode.RATE_LIMITED);
        ResponsePayload bad = client.call(s.request(DEFAULT_SECRET, Command.KEYGEN, new byte[7]));
        assertError(bad, s.id(), Command.KEYGEN, ResponseCode.RATE_LIMITED);
        // GET_INFO, PING, INIT stay open (D-10).
        assertThat(client.unauthenticated(Command.GET_INFO, NONE).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(client.unauthenticated(Command.PING, new byte[] {1}).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(client.unauthenticated(Command.INIT, NONE).code()).isEqualTo(ResponseCode.SUCCESS);
        // The session used during the lockout was not consumed (D-10 step 6).
        assertThat(client.call(s.request(DEFAULT_SECRET, Command.KEYGEN, ML_DSA_44)).code()).isEqualTo(ResponseCode.RATE_LIMITED);
    }

    @Test
    void precedenceAroundTheLockout() {
        fail(3);
        // CRC before rate limit.
        byte[] frame = Frames.encode(client.init().request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44).encode());
        frame[25] ^= 1;
        client.sendRaw(frame);
        assertThat(client.await()).isEqualTo(ResponsePayload.framingError(ResponseCode.CHECKSUM_FAIL));
        // Short payload and unknown command before rate limit.
        client.sendRaw(Frames.encode(new byte[10]));
        assertThat(client.await().code()).isEqualTo(ResponseCode.INVALID_SYNTAX);
        assertThat(client.call(new RequestPayload(5, random(16), 0x42, NONE)).code()).isEqualTo(ResponseCode.INVALID_CMD);
        // Unauthenticated handling before rate limit.
        assertThat(client.call(new RequestPayload(5, random(16), Command.GET_INFO, NONE)).code())
                .isEqualTo(ResponseCode.SESSION_UNAVAILABLE);
    }

    @Test
    void theLockoutEndsAfterThirtyMinutesAndIsNotExtendedByRequests() throws Exception {
        fail(3);
        long start = System.nanoTime();
        // Requests during the lockout neither extend it nor count (D-10).
        for (int i = 0; i < 5; i++) {
            module.sleepModuleTime(Duration.ofMinutes(5));
            assertThat(listCode()).isEqualTo(ResponseCode.RATE_LIMITED);
            IcpClient.Session s = client.init();
            client.call(new RequestPayload(s.id(), random(16), Command.KEY_LST, ML_DSA_44));
        }
        long elapsed = System.nanoTime() - start;
        long left = module.real(Duration.ofMinutes(31)).toNanos() - elapsed;
        Thread.sleep(Math.max(0, left / 1_000_000));
        assertThat(listCode()).isEqualTo(ResponseCode.SUCCESS);
        // The counter was cleared when the lockout ended (D-11): one failure does not lock out again.
        fail(1);
        assertThat(listCode()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void failuresOlderThanFiveMinutesDoNotCount() throws Exception {
        fail(2);
        module.sleepModuleTime(Duration.ofMinutes(5).plusSeconds(30));
        fail(1);
        assertThat(listCode()).isEqualTo(ResponseCode.SUCCESS);
        fail(1);
        // Three failures inside the last five minutes now: locked out.
        fail(1);
        assertThat(listCode()).isEqualTo(ResponseCode.RATE_LIMITED);
    }

    @Test
    void aWaitingSessionExpiresAfterTenMinutes() throws Exception {
        IcpClient.Session early = client.init();
        module.sleepModuleTime(Duration.ofMinutes(7));
        IcpClient.Session late = client.init();
        assertThat(client.call(early.request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44)).code()).isEqualTo(ResponseCode.SUCCESS);
        IcpClient.Session expiring = client.init();
        module.sleepModuleTime(Duration.ofMinutes(10).plusSeconds(30));
        assertError(client.call(expiring.request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44)), expiring.id(),
                Command.KEY_LST, ResponseCode.SESSION_UNAVAILABLE);
        assertThat(client.call(late.request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44)).code())
                .isEqualTo(ResponseCode.SESSION_UNAVAILABLE);
    }

    @Test
    void theSecretChangeKeyPairIsZeroizedAfterTenMinutes() throws Exception {
        SecretConformanceTest secrets = new SecretConformanceTest();
        secrets.client = client;
        byte[] secret = "late".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.security.PublicKey early = secrets.secSetInit(Algorithm.ML_KEM_768, DEFAULT_SECRET);
        module.sleepModuleTime(Duration.ofMinutes(7));
        assertThat(secrets.conf(DEFAULT_SECRET, SecretConformanceTest.confData(Algorithm.ML_KEM_768, early, secret)))
                .as("still there at 7 minutes").isEqualTo(ResponseCode.SUCCESS);
        java.security.PublicKey late = secrets.secSetInit(Algorithm.ML_KEM_768, secret);
        module.sleepModuleTime(Duration.ofMinutes(10).plusSeconds(30));
        assertThat(secrets.conf(secret, SecretConformanceTest.confData(Algorithm.ML_KEM_768, late, DEFAULT_SECRET)))
                .as("gone after 10 minutes").isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(secrets.listWith(secret)).isEqualTo(ResponseCode.SUCCESS);
    }
}
