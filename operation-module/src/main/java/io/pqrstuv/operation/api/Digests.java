package io.pqrstuv.operation.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA3-256, the digest ICP SIGN takes (spec SIGN, D-29). */
final class Digests {
    private Digests() {
    }

    static byte[] sha3(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA3-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 is in every JDK since 9", e);
        }
    }
}
