package io.pqrstuv.qrng.wire;

import java.util.Optional;

/**
 * The fixed shape of each known command (notes §1.1–§1.2): payload length fixed by the code, and
 * the response byte and fixed response payload length of success. There is no length prefix on
 * the wire, so these tables are the framing.
 */
public enum Command {
    GET_STATUS(Codes.GET_STATUS, 0, Codes.ACK, Codes.STATUS_LENGTH),
    START(Codes.START, 3, Codes.ACK, Codes.STATUS_LENGTH),
    STOP(Codes.STOP, 0, Codes.ACK, Codes.STATUS_LENGTH),
    GET_CONFIG(Codes.GET_CONFIG, 0, Codes.CONFIG, Codes.CONFIG_LENGTH),
    SET_CONFIG(Codes.SET_CONFIG, Codes.CONFIG_LENGTH, Codes.ACK, Codes.STATUS_LENGTH),
    GET_STATISTICS(Codes.GET_STATISTICS, 0, Codes.STATISTICS, Codes.STATISTICS_LENGTH),
    RESET(Codes.RESET, 0, Codes.ACK, Codes.STATUS_LENGTH),
    GET_INFO(Codes.GET_INFO, 0, Codes.INFO, Codes.INFO_LENGTH),
    HASH_TEST_INIT(Codes.HASH_TEST_INIT, 0, Codes.HASH_TEST_ACK, 0),
    HASH_TEST_ACCUMULATE(Codes.HASH_TEST_ACCUMULATE, 2 + Codes.MAX_CHUNK, Codes.HASH_TEST_ACK, 0),
    HASH_TEST_DIGEST(Codes.HASH_TEST_DIGEST, 0, Codes.HASH_TEST_DIGEST_RESPONSE, Codes.DIGEST_LENGTH),
    UPDATE_INIT(Codes.UPDATE_INIT, 4, Codes.UPDATE, Codes.UPDATE_RESPONSE_LENGTH),
    UPDATE_CHUNK(Codes.UPDATE_CHUNK, 2 + Codes.MAX_CHUNK + 1, Codes.UPDATE, Codes.UPDATE_RESPONSE_LENGTH),
    /** Response payload is variable: {@code len} data bytes then a 64-byte signature, no status. */
    SIGNED_READ(Codes.SIGNED_READ, 2, Codes.SIGNED_READ_RESPONSE, 0),
    GET_DEV_PUB_KEY(Codes.GET_DEV_PUB_KEY, 0, Codes.DEV_PUB_KEY, Codes.PUBLIC_KEY_LENGTH),
    REBOOT(Codes.REBOOT, 2, Codes.CUSTOM_OK, 0),
    GET_DEV_CERTIFICATE(Codes.GET_DEV_CERTIFICATE, 0, Codes.DEV_CERTIFICATE, Codes.SIGNATURE_LENGTH);

    private final int code;
    private final int payloadLength;
    private final int responseCode;
    private final int responseLength;

    Command(int code, int payloadLength, int responseCode, int responseLength) {
        this.code = code;
        this.payloadLength = payloadLength;
        this.responseCode = responseCode;
        this.responseLength = responseLength;
    }

    public int code() {
        return code;
    }

    /** Host payload length in bytes (the frame is one byte longer). */
    public int payloadLength() {
        return payloadLength;
    }

    /** Response byte of success. */
    public int responseCode() {
        return responseCode;
    }

    /** Fixed response payload length of success (random data of START and SIGNED_READ not counted). */
    public int responseLength() {
        return responseLength;
    }

    public static Optional<Command> byCode(int code) {
        for (Command c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
