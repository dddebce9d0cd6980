package io.pqrstuv.client;

import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.KeyIds;
import java.util.Arrays;

/** A device key identifier: 16 bytes, shown as 22 base64url characters. Not secret. */
public record KeyId(byte[] bytes) implements Comparable<KeyId> {
    public KeyId {
        if (bytes == null || bytes.length != KeyIds.LENGTH) {
            throw new IllegalArgumentException("a key identifier is 16 bytes");
        }
        bytes = bytes.clone();
    }

    /** Parses the 22-character base64url form (strict, D-28). */
    public static KeyId parse(String b64u) {
        byte[] b = Base64Url.decode(b64u == null ? null : b64u.strip(), KeyIds.LENGTH)
                .orElseThrow(() -> new IllegalArgumentException(
                        "not a key identifier (expected 22 base64url characters for 16 bytes)"));
        return new KeyId(b);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String base64Url() {
        return Base64Url.encode(bytes);
    }

    /** Device order: unsigned bytes (D-20). */
    @Override
    public int compareTo(KeyId o) {
        return KeyIds.ORDER.compare(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base64Url();
    }
}
