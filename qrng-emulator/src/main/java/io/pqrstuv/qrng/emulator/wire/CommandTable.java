package io.pqrstuv.qrng.emulator.wire;

import java.util.Arrays;

/**
 * The payload length that each command code fixes (notes §1.1: no length prefix, no terminator).
 * A code missing from the table is unknown; the device answers it with NACK at once.
 */
public final class CommandTable {
    private static final int UNKNOWN = -1;
    private final int[] lengths = new int[256];
    private final int certificateCode;

    /** @param certificateCode the code of SET_DEV_CERTIFICATE (unpublished; 0xFA by default) */
    public CommandTable(int certificateCode) {
        if (certificateCode < 0xF0 || certificateCode > 0xFF) {
            throw new IllegalArgumentException("the certificate command must be a custom code 0xF0..0xFF, got 0x"
                    + Integer.toHexString(certificateCode));
        }
        Arrays.fill(lengths, UNKNOWN);
        put(Codes.GET_STATUS, 0);
        put(Codes.START, 3);
        put(Codes.STOP, 0);
        put(Codes.GET_CONFIG, 0);
        put(Codes.SET_CONFIG, DeviceConfig.LENGTH);
        put(Codes.GET_STATISTICS, 0);
        put(Codes.RESET, 0);
        put(Codes.GET_INFO, 0);
        put(Codes.HASH_TEST_INIT, 0);
        put(Codes.HASH_TEST_ACCUMULATE, 2 + Codes.MAX_CHUNK);
        put(Codes.HASH_TEST_DIGEST, 0);
        put(Codes.UPDATE_INIT, 4);
        put(Codes.UPDATE_CHUNK, 2 + Codes.MAX_CHUNK + 1);
        put(Codes.SIGNED_READ, 2);
        put(Codes.GET_DEV_PUB_KEY, 0);
        put(Codes.REBOOT, 2);
        put(Codes.GET_DEV_CERTIFICATE, 0);
        if (lengths[certificateCode] != UNKNOWN) {
            throw new IllegalArgumentException("0x" + Integer.toHexString(certificateCode)
                    + " is already a QCicada command; choose another code for SET_DEV_CERTIFICATE");
        }
        put(certificateCode, 2 + Codes.SIGNATURE_LEN + 1);
        this.certificateCode = certificateCode;
    }

    private void put(int code, int length) {
        lengths[code] = length;
    }

    public boolean isKnown(int code) {
        return lengths[code & 0xFF] != UNKNOWN;
    }

    /** The payload length of a known code. */
    public int payloadLength(int code) {
        int n = lengths[code & 0xFF];
        if (n == UNKNOWN) {
            throw new IllegalArgumentException("unknown command 0x" + Integer.toHexString(code & 0xFF));
        }
        return n;
    }

    public int certificateCode() {
        return certificateCode;
    }
}
