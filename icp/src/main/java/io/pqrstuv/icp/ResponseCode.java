package io.pqrstuv.icp;

import java.util.Optional;

/** ICP response codes (spec "Payload", notes §0.2). */
public enum ResponseCode {
    SUCCESS(0x00),
    INVALID_CMD(0x01),
    CRYPTO_KEY_MISMATCH(0x02),
    INVALID_SYNTAX(0x03),
    CHECKSUM_FAIL(0x04),
    CMD_REJECTED(0x05),
    RATE_LIMITED(0x06),
    SESSION_UNAVAILABLE(0x07),
    INCORRECT_SECRET(0x08),
    CMD_FAIL(0x09),
    UNKNOWN_ERR(0xFF);

    private static final ResponseCode[] BY_BYTE = new ResponseCode[256];

    static {
        for (ResponseCode c : values()) {
            BY_BYTE[c.code] = c;
        }
    }

    private final int code;

    ResponseCode(int code) {
        this.code = code;
    }

    /** The unsigned wire value, 0..255. */
    public int code() {
        return code;
    }

    public byte toByte() {
        return (byte) code;
    }

    /** The code for a wire byte, or empty when the byte is not a defined response code. */
    public static Optional<ResponseCode> fromByte(int b) {
        return Optional.ofNullable(BY_BYTE[b & 0xFF]);
    }
}
