package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.ResponseCode;
import java.util.Arrays;

/**
 * A validated reply: the storage module's code and, on SUCCESS, its data. The caller owns
 * {@code data} and wipes it when it may hold secrets (DECAPS plaintext).
 */
public record IcpReply(ResponseCode code, byte[] data) {
    public boolean isSuccess() {
        return code == ResponseCode.SUCCESS;
    }

    public void wipe() {
        Arrays.fill(data, (byte) 0);
    }

    @Override
    public String toString() {
        return "IcpReply[" + code + ", " + data.length + " bytes]";
    }
}
