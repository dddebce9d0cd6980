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
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * ICP-ORDER-1: one test per adjacent pair of the D-10 precedence (the pairs around RATE_LIMITED
 * that need a lockout are in {@link TimedRulesConformanceTest}).
 */
class PrecedenceConformanceTest extends ConformanceBase {
    private static final byte[] ML_DSA_44 = AlgId.encode(Algorithm.ML_DSA_44.coseId());

    private void lockOut() {
        for (int i = 0; i < 3; i++) {
            IcpClient.Session s = client.init();
            assertThat(client.call(new RequestPayload(s.id(), random(16), Command.KEY_LST, ML_DSA_44)).code())
                    .isEqualTo(ResponseCode.INCORRECT_SECRET);
        }
    }

    @Test
    void oversizeBeatsChecksum() {
        // A frame claiming 60,000 bytes whose CRC could never match: the length decides first.
        client.sendRaw(HexFormat.of().parseHex("00000000505152535455560000000000" + "0000EA60"));
        assertThat(client.await()).isEqualTo(ResponsePayload.framingError(ResponseCode.CMD_REJECTED));
    }

    @Test
    void checksumBeatsShortPayload() {
        byte[] frame = Frames.encode(new byte[5]);
        frame[21] ^= 1;
        client.sendRaw(frame);
        assertThat(client.await()).isEqualTo(ResponsePayload.framingError(ResponseCode.CHECKSUM_FAIL));
    }

    @Test
    void shortPayloadBeatsEverythingInThePayload() {
        client.sendRaw(Frames.encode(new byte[] {0, 0, 0, 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}));
        assertThat(client.await()).isEqualTo(ResponsePayload.framingError(ResponseCode.INVALID_SYNTAX));
    }

    @Test
    void unknownCommandBeatsSessionChecks() {
        ResponsePayload r = client.call(new RequestPayload(0xFFFFFFFF, random(16), 0x42, random(3)));
        assertThat(r).isEqualTo(ResponsePayload.error(0xFFFFFFFF, 0x42, ResponseCode.INVALID_CMD));
    }

    @Test
    void unknownCommandBeatsTheLockout() {
        lockOut();
        assertThat(client.call(new RequestPayload(7, random(16), 0x13, NONE)).code()).isEqualTo(ResponseCode.INVALID_CMD);
    }

    @Test
    void unauthenticatedSessionRuleBeatsItsSyntaxRule() {
        ResponsePayload r = client.call(new RequestPayload(1, new byte[16], Command.GET_INFO, new byte[3]));
        assertError(r, 1, Command.GET_INFO, ResponseCode.SESSION_UNAVAILABLE);
    }

    @Test
    void unauthenticatedCommandsBeatTheLockout() {
        lockOut();
        assertThat(client.unauthenticated(Command.GET_INFO, NONE).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(client.unauthenticated(Command.PING, new byte[] {1}).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(client.unauthenticated(Command.INIT, NONE).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void lockoutBeatsReservedSession() {
        lockOut();
        assertThat(client.call(new RequestPayload(0, new byte[16], Command.KEYGEN, ML_DSA_44)).code())
                .isEqualTo(ResponseCode.RATE_LIMITED);
        assertThat(client.call(new RequestPayload(0xFFFFFFFF, new byte[16], Command.KEYGEN, ML_DSA_44)).code())
                .isEqualTo(ResponseCode.RATE_LIMITED);
    }

    @Test
    void lockoutBeatsUnknownSessionAndToken() {
        lockOut();
        assertThat(client.call(new RequestPayload(0x01020304, random(16), Command.SIGN, random(48))).code())
                .isEqualTo(ResponseCode.RATE_LIMITED);
    }

    @Test
    void reservedSessionBeatsTokenAndSyntaxAndIsNotCounted() {
        for (int i = 0; i < 3; i++) {
            ResponsePayload r = client.call(new RequestPayload(0, random(16), Command.KEYGEN, new byte[9]));
            assertError(r, 0, Command.KEYGEN, ResponseCode.SESSION_UNAVAILABLE);
        }
        assertThat(auth(Command.KEY_LST, ML_DSA_44).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void unknownSessionBeatsTokenAndIsNotCounted() {
        for (int i = 0; i < 3; i++) {
            ResponsePayload r = client.call(new RequestPayload(0x7777_0000 + i, random(16), Command.KEYGEN, ML_DSA_44));
            assertError(r, 0x7777_0000 + i, Command.KEYGEN, ResponseCode.SESSION_UNAVAILABLE);
        }
        assertThat(auth(Command.KEY_LST, ML_DSA_44).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void tokenBeatsOperationDataSyntax() {
        IcpClient.Session s = client.init();
        assertError(client.call(new RequestPayload(s.id(), random(16), Command.KEYGEN, new byte[7])), s.id(), Command.KEYGEN,
                ResponseCode.INCORRECT_SECRET);
    }

    @Test
    void tokenBeatsCommandChecks() {
        IcpClient.Session s = client.init();
        assertError(client.call(new RequestPayload(s.id(), random(16), Command.KEY_DEL, random(16))), s.id(), Command.KEY_DEL,
                ResponseCode.INCORRECT_SECRET);
    }

    @Test
    void syntaxBeatsListMembership() {
        assertCode(auth(Command.KEYGEN, new byte[] {0, 0, 0, 3}), ResponseCode.INVALID_SYNTAX);
    }

    @Test
    void listMembershipBeatsKeyKind() {
        // -35 (ES384) is a signature algorithm that is not listed: CMD_FAIL, not CRYPTO_KEY_MISMATCH.
        assertCode(auth(Command.SEC_SET_INIT, AlgId.encode(-35)), ResponseCode.CMD_FAIL);
    }
}
