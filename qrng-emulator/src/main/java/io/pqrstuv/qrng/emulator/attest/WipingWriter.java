package io.pqrstuv.qrng.emulator.attest;

import java.io.Writer;
import java.util.Arrays;

/**
 * Collects ASCII text (a PEM) into a byte array that can be wiped: private-key PEMs never become
 * {@code String}s, which could not be erased.
 */
final class WipingWriter extends Writer {
    private byte[] buf = new byte[1024];
    private int len;

    @Override
    public void write(char[] cbuf, int off, int n) {
        if (len + n > buf.length) {
            byte[] bigger = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            Arrays.fill(buf, (byte) 0);
            buf = bigger;
        }
        for (int i = 0; i < n; i++) {
            char c = cbuf[off + i];
            if (c > 0x7F) {
                throw new IllegalArgumentException("PEM text is ASCII");
            }
            buf[len++] = (byte) c;
        }
    }

    /** A copy of the text; the caller wipes it. */
    byte[] bytes() {
        return Arrays.copyOf(buf, len);
    }

    void wipe() {
        Arrays.fill(buf, (byte) 0);
        len = 0;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
