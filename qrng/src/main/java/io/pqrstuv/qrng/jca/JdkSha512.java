package io.pqrstuv.qrng.jca;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.ExtendedDigest;

/**
 * The JDK's SHA-512 (CPU-accelerated where HotSpot has intrinsics) behind Bouncy Castle's
 * {@code Digest} interface, so that Bouncy Castle's Hash_DRBG runs on it: the DRBG logic stays
 * Bouncy Castle's, only the hash function is the JDK's. Measured about 2× Bouncy Castle's pure-Java
 * SHA512Digest for large requests (docs/benchmarks.md).
 */
final class JdkSha512 implements ExtendedDigest {
    private final MessageDigest md;

    JdkSha512() {
        try {
            md = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    @Override
    public String getAlgorithmName() {
        return "SHA-512"; // Bouncy Castle derives the DRBG's security strength (256) from this name
    }

    @Override
    public int getDigestSize() {
        return 64;
    }

    @Override
    public int getByteLength() {
        return 128;
    }

    @Override
    public void update(byte in) {
        md.update(in);
    }

    @Override
    public void update(byte[] in, int inOff, int len) {
        md.update(in, inOff, len);
    }

    @Override
    public int doFinal(byte[] out, int outOff) {
        try {
            return md.digest(out, outOff, 64);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void reset() {
        md.reset();
    }
}
