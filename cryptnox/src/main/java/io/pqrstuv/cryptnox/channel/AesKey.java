package io.pqrstuv.cryptnox.channel;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * An AES key whose bytes this library can wipe. The JDK's {@code SecretKeySpec} keeps a copy that
 * {@code destroy()} cannot clear; this one hands out copies (the JDK's AES wipes its copy after the
 * key expansion) and forgets its own bytes on {@link #destroy()}.
 */
final class AesKey implements SecretKey {
    private final byte[] key;
    private boolean destroyed;

    /** Copies {@code bytes[offset, offset+32)}. */
    AesKey(byte[] bytes, int offset, int length) {
        this.key = Arrays.copyOfRange(bytes, offset, offset + length);
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "AesKey[" + key.length * 8 + " bits]";
    }
}
