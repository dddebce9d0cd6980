package io.pqrstuv.icp.command;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What ICP SIGN signs: SHA3-256 of the document, 32 bytes (spec SIGN, D-29). The one definition of
 * that hash and its length for every module: the operation module hashes with it, the storage
 * module and the crypto engine check its length, the clients verify against it.
 */
public final class SignDigest {
    public static final String ALGORITHM = "SHA3-256";
    /** The only digest length SIGN accepts (CMD_FAIL otherwise). */
    public static final int LENGTH = 32;

    private SignDigest() {
    }

    /** SHA3-256 of {@code document}. */
    public static byte[] of(byte[] document) {
        return newDigest().digest(document);
    }

    /** A fresh SHA3-256 {@link MessageDigest}, for hashing a document that arrives in pieces. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 is in every JDK since 9", e);
        }
    }

    /** Whether {@code digest} has the length SIGN accepts. */
    public static boolean hasLength(byte[] digest) {
        return digest.length == LENGTH;
    }
}
