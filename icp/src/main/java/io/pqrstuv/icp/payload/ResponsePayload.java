package io.pqrstuv.icp.payload;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import java.util.Arrays;
import java.util.Objects;

/**
 * Response payload (storage module → operation module): {@code session(4) ‖ command(1) ‖ code(1) ‖ data}.
 * Any code but SUCCESS carries no data (spec "Payload").
 */
public record ResponsePayload(int session, int command, ResponseCode code, byte[] data) {
    public static final int HEADER_LENGTH = Sessions.LENGTH + 2;
    private static final byte[] EMPTY = new byte[0];

    public ResponsePayload {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(data, "data");
        if (command < 0 || command > 0xFF) {
            throw new IllegalArgumentException("command must be one byte");
        }
        if (code != ResponseCode.SUCCESS && data.length != 0) {
            throw new IllegalArgumentException("a " + code + " response carries no data");
        }
    }

    public static ResponsePayload success(int session, Command command, byte[] data) {
        return new ResponsePayload(session, command.code(), ResponseCode.SUCCESS, data);
    }

    public static ResponsePayload error(int session, int command, ResponseCode code) {
        return new ResponsePayload(session, command, code, EMPTY);
    }

    /** The FFFFFFFF/FF reply for CHECKSUM_FAIL, CMD_REJECTED or a short payload. */
    public static ResponsePayload framingError(ResponseCode code) {
        return error(Sessions.FRAMING_ERROR, Sessions.FRAMING_ERROR_COMMAND, code);
    }

    public boolean isSuccess() {
        return code == ResponseCode.SUCCESS;
    }

    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + data.length];
        System.arraycopy(Sessions.toBytes(session), 0, out, 0, Sessions.LENGTH);
        out[4] = (byte) command;
        out[5] = code.toByte();
        System.arraycopy(data, 0, out, HEADER_LENGTH, data.length);
        return out;
    }

    /**
     * Parses a response payload strictly: at least 6 bytes, a defined response code, and no data
     * after a non-SUCCESS code.
     */
    public static ResponsePayload decode(byte[] payload) throws ResponsePayloadException {
        if (payload.length < HEADER_LENGTH) {
            throw new ResponsePayloadException("response payload of " + payload.length + " bytes is shorter than 6");
        }
        ResponseCode code = ResponseCode.fromByte(payload[5])
                .orElseThrow(() -> new ResponsePayloadException(
                        String.format("undefined response code 0x%02X", payload[5] & 0xFF)));
        if (code != ResponseCode.SUCCESS && payload.length != HEADER_LENGTH) {
            throw new ResponsePayloadException(code + " response carries " + (payload.length - HEADER_LENGTH) + " data bytes");
        }
        return new ResponsePayload(Sessions.fromBytes(payload, 0), payload[4] & 0xFF, code,
                Arrays.copyOfRange(payload, HEADER_LENGTH, payload.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponsePayload r && r.session == session && r.command == command
                && r.code == code && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(session, command, code, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "ResponsePayload[session=" + Sessions.hex(session) + ", command=0x" + String.format("%02X", command)
                + ", code=" + code + ", data=" + data.length + " bytes]";
    }
}
