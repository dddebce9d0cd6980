package io.pqrstuv.qrng.emulator.device;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The device's SHA-256 self-test (notes §1.12): INIT resets, ACCUMULATE adds, DIGEST returns and restarts. */
final class HashTest {
    private final MessageDigest md;

    HashTest() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void init() {
        md.reset();
    }

    void accumulate(byte[] data, int off, int len) {
        md.update(data, off, len);
    }

    byte[] digest() {
        return md.digest();
    }
}
