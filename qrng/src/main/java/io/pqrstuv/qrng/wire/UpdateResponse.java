package io.pqrstuv.qrng.wire;

import io.pqrstuv.qrng.error.QccProtocolException;

/**
 * The 5-byte reply to UPDATE_INIT and UPDATE_CHUNK: {@code u8 sts}, {@code u32 remaining} (image
 * bytes the device still expects).
 */
public record UpdateResponse(UpdateStatus status, long remaining) {
    public UpdateResponse {
        java.util.Objects.requireNonNull(status, "status");
        Le.requireU32("remaining", remaining);
    }

    public static UpdateResponse decode(byte[] payload) throws QccProtocolException {
        if (payload.length != Codes.UPDATE_RESPONSE_LENGTH) {
            throw new QccProtocolException("update response must be " + Codes.UPDATE_RESPONSE_LENGTH
                    + " bytes, got " + payload.length);
        }
        return new UpdateResponse(UpdateStatus.ofCode(payload[0] & 0xFF), Le.u32(payload, 1));
    }

    public byte[] encode() {
        byte[] b = new byte[Codes.UPDATE_RESPONSE_LENGTH];
        b[0] = (byte) status.code();
        Le.put32(b, 1, remaining);
        return b;
    }
}
