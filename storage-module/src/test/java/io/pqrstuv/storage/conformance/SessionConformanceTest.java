package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.storage.testing.IcpClient;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checklist §1.4 (sessions, INIT, token) and the session rows of §1.3. */
class SessionConformanceTest extends ConformanceBase {
    private static final byte[] ML_DSA_44 = AlgId.encode(Algorithm.ML_DSA_44.coseId());

    @Test
    void initReturnsAFreshSessionAndNonce() {
        ResponsePayload r = client.unauthenticated(Command.INIT, NONE);
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(r.session()).as("INIT replies on session 0 (D-5)").isZero();
        assertThat(r.command()).isEqualTo(Command.INIT.code());
        assertThat(r.data()).hasSize(20);
        assertThat(Sessions.isReserved(Sessions.fromBytes(r.data(), 0))).isFalse();
    }

    @Test
    void thousandInitsGiveDistinctSessionsAndNonces() {
        Set<Integer> sessions = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        int[] topByte = new int[16];
        for (int i = 0; i < 1000; i++) {
            IcpClient.Session s = client.init();
            assertThat(Sessions.isReserved(s.id())).isFalse();
            sessions.add(s.id());
            nonces.add(HexFormat.of().formatHex(s.nonce()));
            topByte[s.id() >>> 28]++;
        }
        assertThat(sessions).hasSize(1000);
        assertThat(nonces).hasSize(1000);
        // Roughly uniform: each top nibble expects 62.5; a chi-square bound at p ~ 1e-6 (15 dof) is ~ 50.
        double chi = 0;
        for (int c : topByte) {
            chi += (c - 62.5) * (c - 62.5) / 62.5;
        }
        assertThat(chi).isLessThan(50);
    }

    @Test
    void unauthenticatedCommandsOnANonZeroSessionAreUnavailable() {
        for (int session : new int[] {1, 0xFFFFFFFF, 0x12345678}) {
            for (Command c : new Command[] {Command.GET_INFO, Command.PING, Command.INIT}) {
                ResponsePayload r = client.call(new RequestPayload(session, new byte[16], c, NONE));
                assertError(r, session, c, ResponseCode.SESSION_UNAVAILABLE);
            }
        }
    }

    @Test
    void aNonZeroTokenOnAnUnauthenticatedCommandIsIgnored() {
        ResponsePayload r = client.call(new RequestPayload(0, random(16), Command.GET_INFO, NONE));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void theDefaultSecretTokenWorksOnAFreshDevice() {
        module.assumeControlled();
        IcpClient.Session s = client.init();
        byte[] token = AuthToken.compute(new byte[0], s.nonce());
        ResponsePayload r = client.call(new RequestPayload(s.id(), token, Command.KEY_LST, ML_DSA_44));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(r.session()).isEqualTo(s.id());
        assertThat(r.data()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void authenticatedCommandsOnReservedSessionsAreUnavailableAndNeverCounted() {
        for (int i = 0; i < 4; i++) {
            IcpClient.Session s = client.init();
            // A token that would be valid for the nonce, sent on a reserved session.
            int reserved = i % 2 == 0 ? Sessions.UNAUTHENTICATED : Sessions.FRAMING_ERROR;
            ResponsePayload r = client.call(new RequestPayload(reserved, s.token(DEFAULT_SECRET), Command.KEYGEN, ML_DSA_44));
            assertError(r, reserved, Command.KEYGEN, ResponseCode.SESSION_UNAVAILABLE);
        }
        assertThat(auth(Command.KEY_LST, ML_DSA_44).code()).as("no lockout").isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void neverIssuedSessionsAreUnavailableAndNeverCounted() {
        for (int i = 0; i < 10; i++) {
            int session = 0x0BAD0000 + i;
            ResponsePayload r = client.call(new RequestPayload(session, random(16), Command.KEY_LST, ML_DSA_44));
            assertError(r, session, Command.KEY_LST, ResponseCode.SESSION_UNAVAILABLE);
        }
        assertThat(auth(Command.KEY_LST, ML_DSA_44).code()).as("no lockout").isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void aSessionRunsExactlyOneCommand() {
        IcpClient.Session s = client.init();
        assertThat(client.call(s.request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44)).code()).isEqualTo(ResponseCode.SUCCESS);
        assertError(client.call(s.request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44)), s.id(), Command.KEY_LST,
                ResponseCode.SESSION_UNAVAILABLE);
    }

    @Test
    void aFailedTokenAlsoConsumesTheSession() {
        IcpClient.Session s = client.init();
        assertError(client.call(new RequestPayload(s.id(), random(16), Command.KEY_LST, ML_DSA_44)), s.id(),
                Command.KEY_LST, ResponseCode.INCORRECT_SECRET);
        assertError(client.call(s.request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44)), s.id(), Command.KEY_LST,
                ResponseCode.SESSION_UNAVAILABLE);
    }

    @Test
    void aCommandErrorAlsoConsumesTheSession() {
        IcpClient.Session s = client.init();
        assertError(client.call(s.request(DEFAULT_SECRET, Command.KEY_DEL, random(16))), s.id(), Command.KEY_DEL,
                ResponseCode.CMD_FAIL);
        assertError(client.call(s.request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44)), s.id(), Command.KEY_LST,
                ResponseCode.SESSION_UNAVAILABLE);
    }

    @Test
    void severalWaitingSessionsCoexistAndServeInAnyOrder() {
        IcpClient.Session[] s = {client.init(), client.init(), client.init()};
        for (int i = 2; i >= 0; i--) {
            ResponsePayload r = client.call(s[i].request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44));
            assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(r.session()).isEqualTo(s[i].id());
        }
    }

    @Test
    void aTokenForAnotherSessionsNonceIsIncorrect() {
        IcpClient.Session a = client.init();
        IcpClient.Session b = client.init();
        ResponsePayload r = client.call(new RequestPayload(a.id(), b.token(DEFAULT_SECRET), Command.KEY_LST, ML_DSA_44));
        assertError(r, a.id(), Command.KEY_LST, ResponseCode.INCORRECT_SECRET);
    }

    @Test
    void unknownCommandsAreInvalidAndDoNotConsumeTheSession() {
        IcpClient.Session s = client.init();
        for (int cmd : new int[] {0x03, 0x12, 0x22, 0x35, 0x42, 0xFF}) {
            ResponsePayload r = client.call(s.request(DEFAULT_SECRET, cmd, NONE));
            assertThat(r.code()).isEqualTo(ResponseCode.INVALID_CMD);
            assertThat(r.session()).isEqualTo(s.id());
            assertThat(r.command()).isEqualTo(cmd);
            assertThat(r.data()).isEmpty();
        }
        assertThat(client.call(s.request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44)).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void aSecondFrameQueuedForTheSameSessionIsUnavailable() {
        IcpClient.Session s = client.init();
        byte[] first = Frames.encode(s.request(DEFAULT_SECRET, Command.KEYGEN, ML_DSA_44).encode());
        byte[] second = Frames.encode(s.request(DEFAULT_SECRET, Command.KEY_LST, ML_DSA_44).encode());
        client.sendRaw(concat(first, second));
        assertThat(client.await().code()).isEqualTo(ResponseCode.SUCCESS);
        assertError(client.await(), s.id(), Command.KEY_LST, ResponseCode.SESSION_UNAVAILABLE);
    }

    @Test
    void everyCommandEchoesItsCodeAndSession() {
        for (Command c : Command.values()) {
            if (c.authenticated()) {
                IcpClient.Session s = client.init();
                ResponsePayload r = client.call(s.request(DEFAULT_SECRET, c, new byte[1]));
                assertThat(r.command()).as(c.name()).isEqualTo(c.code());
                assertThat(r.session()).as(c.name()).isEqualTo(s.id());
            } else {
                ResponsePayload r = client.unauthenticated(c, NONE);
                assertThat(r.command()).as(c.name()).isEqualTo(c.code());
                assertThat(r.session()).isZero();
            }
        }
    }

    @Test
    void initDataIsSessionThenNonce() {
        ResponsePayload r = client.unauthenticated(Command.INIT, NONE);
        int id = ByteBuffer.wrap(r.data()).getInt();
        byte[] nonce = java.util.Arrays.copyOfRange(r.data(), 4, 20);
        ResponsePayload ok = client.call(new RequestPayload(id, AuthToken.compute(DEFAULT_SECRET, nonce), Command.KEY_LST, ML_DSA_44));
        assertThat(ok.code()).isEqualTo(ResponseCode.SUCCESS);
    }
}
