package io.pqrstuv.qrng.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A host's end of the wire for black-box tests: raw bytes, with timeouts. */
public interface HostPort extends AutoCloseable {
    void write(byte[] b) throws IOException;

    /** Reads what arrives within {@code timeoutMillis}: at least one byte, or 0 on timeout. */
    int read(byte[] buf, int off, int len, int timeoutMillis) throws IOException;

    /** Discards unread input (tcflush TCIFLUSH on a tty). */
    void flushInput() throws IOException;

    @Override
    void close() throws IOException;

    /** Exactly {@code n} bytes within {@code timeoutMillis}, or an AssertionError saying how many came. */
    default byte[] readExactly(int n, long timeoutMillis) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (got < n) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("expected " + n + " bytes within " + timeoutMillis + " ms, got " + got);
            }
            got += read(b, got, n - got, (int) Math.max(1, left));
        }
        return b;
    }

    /** Everything that arrives until {@code silenceMillis} pass without a byte (at most {@code max} bytes). */
    default byte[] readUntilSilence(int silenceMillis, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (out.size() < max) {
            int n = read(buf, 0, Math.min(buf.length, max - out.size()), silenceMillis);
            if (n == 0) {
                break;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Sends a command and reads its reply of known length. */
    default byte[] command(byte[] cmd, int replyLength) throws IOException {
        write(cmd);
        return readExactly(replyLength, 3000);
    }

    /**
     * The SDK's open sequence (notes §2): STOP, drain until quiet, flush. Unlike the SDK it also waits
     * for the ACK + status to have arrived (on a loaded machine a reply can come after 0.5 s of
     * silence, and would then be read as the next command's reply).
     */
    default void sdkOpen() throws IOException {
        flushInput();
        stopAndDrain();
        flushInput();
    }

    /** Sends STOP and returns everything up to the silence after ACK + status (the last 6 bytes). */
    default byte[] stopAndDrain() throws IOException {
        write(new byte[] {0x05});
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            got.writeBytes(readUntilSilence(500, 1 << 20));
            byte[] b = got.toByteArray();
            if (b.length >= 6 && b[b.length - 6] == 0x11) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ACK + status after STOP (" + b.length + " bytes)");
            }
        }
        return got.toByteArray();
    }
}
