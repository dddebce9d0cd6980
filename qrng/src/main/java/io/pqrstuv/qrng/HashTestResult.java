package io.pqrstuv.qrng;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The device's SHA-256 self-test over some data, next to the host's own SHA-256 of the same data.
 *
 * @param length         bytes hashed
 * @param deviceDigest   what HASH_TEST_DIGEST returned
 * @param expectedDigest SHA-256 computed on the host
 */
public record HashTestResult(long length, byte[] deviceDigest, byte[] expectedDigest) {
    public HashTestResult {
        deviceDigest = deviceDigest.clone();
        expectedDigest = expectedDigest.clone();
    }

    @Override
    public byte[] deviceDigest() {
        return deviceDigest.clone();
    }

    @Override
    public byte[] expectedDigest() {
        return expectedDigest.clone();
    }

    /** True when the device computed the right digest. */
    public boolean matches() {
        return MessageDigest.isEqual(deviceDigest, expectedDigest);
    }

    @Override
    public String toString() {
        return "HashTestResult[length=" + length + ", device=" + HexFormat.of().formatHex(deviceDigest) + ", expected="
                + HexFormat.of().formatHex(expectedDigest) + ", matches=" + matches() + "]";
    }
}
