package io.pqrstuv.icp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.command.CommandDataException;
import io.pqrstuv.icp.command.CommandReply;
import io.pqrstuv.icp.command.CommandRequest;
import io.pqrstuv.icp.command.CryptoRstRequest;
import io.pqrstuv.icp.command.DecapsRequest;
import io.pqrstuv.icp.command.DevRstRequest;
import io.pqrstuv.icp.command.GetInfoRequest;
import io.pqrstuv.icp.command.GetPubRequest;
import io.pqrstuv.icp.command.ImportRequest;
import io.pqrstuv.icp.command.InitRequest;
import io.pqrstuv.icp.command.KeyDeleteRequest;
import io.pqrstuv.icp.command.KeyListRequest;
import io.pqrstuv.icp.command.KeygenRequest;
import io.pqrstuv.icp.command.PingRequest;
import io.pqrstuv.icp.command.SecSetConfRequest;
import io.pqrstuv.icp.command.SecSetInitRequest;
import io.pqrstuv.icp.command.SignRequest;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.icp.payload.ResponsePayloadException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Jazzer target of the typed ICP command codecs ({@code icp.command}) and the response payload: for
 * every command, the operation-data decoder and the SUCCESS-reply decoder either return a value that
 * re-encodes to exactly the input, or throw {@link CommandDataException} naming that command, and do so
 * exactly when the command's published length rule ({@code Command.opData()}, {@link CommandReply#check})
 * says so. No other exception type, and no {@code toString} that shows the bytes. Regression mode under
 * {@code mvn verify}; {@code JAZZER_FUZZ=1} (or {@code scripts/fuzz}) fuzzes.
 */
class CommandCodecFuzzTest {
    private static final Command[] COMMANDS = Command.values();

    @FuzzTest(maxDuration = "60s")
    void commandCodecsRoundTripOrRefuseByTheirRule(FuzzedDataProvider data) {
        Command command = COMMANDS[data.consumeInt(0, COMMANDS.length - 1)];
        int wrappedKeyLength = data.consumeInt(0, 2000);
        byte[] opData = data.consumeBytes(data.consumeInt(0, 4096));
        byte[] replyData = data.consumeBytes(data.consumeInt(0, 4096));
        byte[] responsePayload = data.consumeRemainingAsBytes();

        CommandRequest<?> request = request(command, opData, wrappedKeyLength);
        if (request != null) {
            assertThat(request.command()).isEqualTo(command);
            assertThat(request.encode()).isEqualTo(opData);
            assertHidesTail(request.toString(), opData);
            reply(request, replyData);
        }
        response(responsePayload);
    }

    /** The decoded request, or null when the decoder refused it (which must match the rule). */
    private static CommandRequest<?> request(Command command, byte[] opData, int wrappedKeyLength) {
        boolean accepted = command == Command.SEC_SET_CONF
                ? opData.length - wrappedKeyLength >= SecSetConfRequest.MIN_ENCRYPTED_SECRET
                : command.opData().accepts(opData.length);
        byte[] input = opData.clone();
        try {
            CommandRequest<?> r = decode(command, input, wrappedKeyLength);
            assertThat(accepted).as("%s accepted %d bytes against its rule", command, opData.length).isTrue();
            assertThat(input).as("the decoder does not touch its input").isEqualTo(opData);
            Arrays.fill(input, (byte) 0x5A);
            assertThat(r.encode()).as("the decoded value owns its bytes").isEqualTo(opData);
            return r;
        } catch (CommandDataException e) {
            assertThat(accepted).as("%s refused %d bytes against its rule", command, opData.length).isFalse();
            assertThat(e.command()).isEqualTo(command);
            assertThat(e.getMessage()).startsWith(command.name());
            assertHidesTail(e.getMessage(), opData);
            return null;
        }
    }

    private static CommandRequest<?> decode(Command command, byte[] opData, int wrappedKeyLength)
            throws CommandDataException {
        return switch (command) {
            case GET_INFO -> GetInfoRequest.decode(opData);
            case PING -> PingRequest.decode(opData);
            case INIT -> InitRequest.decode(opData);
            case SEC_SET_INIT -> SecSetInitRequest.decode(opData);
            case SEC_SET_CONF -> SecSetConfRequest.decode(opData, wrappedKeyLength);
            case DEV_RST -> DevRstRequest.decode(opData);
            case CRYPTO_RST -> CryptoRstRequest.decode(opData);
            case KEYGEN -> KeygenRequest.decode(opData);
            case KEY_LST -> KeyListRequest.decode(opData);
            case KEY_DEL -> KeyDeleteRequest.decode(opData);
            case IMPORT -> ImportRequest.decode(opData);
            case GET_PUB -> GetPubRequest.decode(opData);
            case DECAPS -> DecapsRequest.decode(opData);
            case SIGN -> SignRequest.decode(opData);
        };
    }

    /** {@code decodeReply} agrees with {@link CommandReply#check} and round-trips. */
    private static void reply(CommandRequest<?> request, byte[] data) {
        Command command = request.command();
        boolean valid;
        try {
            CommandReply.check(command, data);
            valid = true;
        } catch (CommandDataException e) {
            assertThat(e.command()).isEqualTo(command);
            valid = false;
        }
        byte[] input = data.clone();
        try {
            CommandReply reply = request.decodeReply(input);
            assertThat(valid).as("%s reply of %d bytes decoded although check refuses it", command, data.length).isTrue();
            Arrays.fill(input, (byte) 0x5A);
            assertThat(reply.encode()).isEqualTo(data);
            assertHidesTail(reply.toString(), data);
        } catch (CommandDataException e) {
            assertThat(valid).as("%s reply of %d bytes refused although check accepts it", command, data.length).isFalse();
            assertThat(e.command()).isEqualTo(command);
        }
    }

    /** Response payloads: strict decode, exact re-encode, and the D-49 "no data after an error" rule. */
    private static void response(byte[] payload) {
        try {
            ResponsePayload r = ResponsePayload.decode(payload);
            assertThat(r.encode()).isEqualTo(payload);
            assertThat(r.code().toByte()).isEqualTo(payload[5]);
            if (r.code() != ResponseCode.SUCCESS) {
                assertThat(r.data()).isEmpty();
            }
            assertThat(ResponsePayload.decode(r.encode())).isEqualTo(r);
        } catch (ResponsePayloadException e) {
            boolean shouldFail = payload.length < ResponsePayload.HEADER_LENGTH
                    || ResponseCode.fromByte(payload[5]).isEmpty()
                    || (payload[5] != ResponseCode.SUCCESS.toByte() && payload.length != ResponsePayload.HEADER_LENGTH);
            if (!shouldFail) {
                fail("valid response payload refused: " + e.getMessage());
            }
        }
    }

    /** Messages and toString name lengths, never the bytes beyond a key identifier. */
    private static void assertHidesTail(String text, byte[] bytes) {
        if (bytes.length >= 16 + 8) {
            String hex = HexFormat.of().formatHex(bytes, 16, bytes.length);
            assertThat(text.toLowerCase(java.util.Locale.ROOT)).doesNotContain(hex);
        }
    }
}
