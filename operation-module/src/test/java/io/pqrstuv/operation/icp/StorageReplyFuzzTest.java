package io.pqrstuv.operation.icp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.icp.command.CommandReply;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.operation.convert.CborJson;
import io.pqrstuv.operation.convert.ConversionException;
import io.pqrstuv.operation.convert.KeyConversions;
import java.util.Arrays;

/**
 * Jazzer target of what the operation module reads from the storage module's replies:
 * <ul>
 *   <li>GET_INFO's CBOR to the /info JSON ({@link CborJson}, D-24): either {@link ConversionException}
 *       or a JSON object equal to the CBOR library's own JSON rendering of the same item (byte strings
 *       as base64url), so no value is dropped, reordered or altered;
 *   <li>the reply check of D-49 ({@code ReplyValidator}): a reply is accepted only when it echoes the
 *       request's session and command (or is a framing-error reply with CHECKSUM_FAIL or CMD_REJECTED),
 *       and SUCCESS data follows the command's layout (a PING echo equals the request's data); everything
 *       else is {@link NoValidReplyException};
 *   <li>public COSE_Keys in GET_PUB/SEC_SET_INIT replies to DER ({@link KeyConversions}): a key that
 *       converts to SPKI also converts to a JCA key, with the same algorithm.
 * </ul>
 * No other exception type. Regression mode under {@code mvn verify}; {@code scripts/fuzz} fuzzes.
 */
class StorageReplyFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Command[] COMMANDS = Command.values();

    @FuzzTest(maxDuration = "60s")
    void storageRepliesValidateAndConvertOrFailTyped(FuzzedDataProvider data) throws Exception {
        switch (data.consumeInt(0, 2)) {
            case 0 -> cborJson(data.consumeRemainingAsBytes());
            case 1 -> reply(data);
            default -> publicKey(data.consumeRemainingAsBytes());
        }
    }

    private static void cborJson(byte[] cbor) throws Exception {
        ObjectNode json;
        try {
            json = CborJson.toJsonObject(cbor);
        } catch (ConversionException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        // The library's own rendering of the same item: its byte strings are base64url without padding too.
        String theirs = CBORObject.DecodeFromBytes(cbor, new CBOREncodeOptions("keepkeyorder=true")).ToJSONString();
        assertThat(JSON.writeValueAsString(json)).isEqualTo(JSON.writeValueAsString(JSON.readTree(theirs)));
    }

    private static void reply(FuzzedDataProvider data) throws Exception {
        Command command = data.pickValue(COMMANDS);
        int session = data.consumeBoolean() ? Sessions.UNAUTHENTICATED : data.consumeInt();
        byte[] opData = data.consumeBytes(data.consumeInt(0, 40));
        RequestPayload request = new RequestPayload(session, new byte[16], command, opData);
        byte[] payload;
        if (data.consumeBoolean()) {
            // A reply with the right header around fuzzed data, so that the layout checks are reached.
            ResponseCode code = data.pickValue(ResponseCode.values());
            byte[] replyData = code == ResponseCode.SUCCESS ? data.consumeBytes(data.consumeInt(0, 300)) : new byte[0];
            boolean framing = data.consumeInt(0, 5) == 0;
            payload = new ResponsePayload(framing ? Sessions.FRAMING_ERROR : session,
                    framing ? Sessions.FRAMING_ERROR_COMMAND : command.code(), code, replyData).encode();
        } else {
            payload = data.consumeRemainingAsBytes();
        }
        byte[] untouched = payload.clone();
        IcpReply reply;
        try {
            reply = ReplyValidator.validate(request, payload);
        } catch (NoValidReplyException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(payload).isEqualTo(untouched);
        ResponsePayload decoded = ResponsePayload.decode(payload);
        boolean framing = decoded.session() == Sessions.FRAMING_ERROR && decoded.command() == Sessions.FRAMING_ERROR_COMMAND;
        if (framing) {
            assertThat(reply.code()).isIn(ResponseCode.CHECKSUM_FAIL, ResponseCode.CMD_REJECTED);
        } else {
            assertThat(decoded.session()).isEqualTo(session);
            assertThat(decoded.command()).isEqualTo(command.code());
        }
        assertThat(reply.code()).isEqualTo(decoded.code());
        assertThat(reply.data()).isEqualTo(decoded.data());
        if (reply.isSuccess()) {
            try {
                CommandReply.check(command, reply.data());
            } catch (CommandDataException e) {
                throw new AssertionError("accepted SUCCESS data that breaks the " + command + " layout", e);
            }
            if (command == Command.PING) {
                assertThat(reply.data()).isEqualTo(opData);
            }
        } else {
            assertThat(reply.data()).isEmpty();
        }
    }

    private static void publicKey(byte[] cose) throws Exception {
        byte[] spki;
        try {
            spki = KeyConversions.spki(cose);
        } catch (ConversionException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(KeyConversions.publicKey(cose).getEncoded()).isNotEmpty();
        assertThat(KeyConversions.algorithm(cose)).isNotNull();
        assertThat(Arrays.equals(spki, new byte[0])).isFalse();
    }
}
