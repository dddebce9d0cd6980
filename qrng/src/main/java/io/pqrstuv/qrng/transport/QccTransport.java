package io.pqrstuv.qrng.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * A byte link to a QRNG: commands and responses on one channel, random data either on the same
 * byte stream (serial, tcp) or on a channel of its own (tcpudp). Reads take an absolute deadline
 * ({@link System#nanoTime()}), so a caller composes one overall deadline out of many reads.
 * Implementations are not thread-safe; {@code QccDevice} serialises access.
 */
public interface QccTransport extends Closeable {

    /** Writes one whole frame (the device must see each command as one burst). */
    void write(byte[] frame) throws IOException;

    /**
     * Reads up to {@code len} bytes of the command/response channel: returns as soon as at least one
     * byte is there, or 0 when {@code deadlineNanos} passes first.
     *
     * @throws io.pqrstuv.qrng.error.QccDisconnectedException when the link is gone
     */
    int read(byte[] buf, int off, int len, long deadlineNanos) throws IOException;

    /** Like {@link #read} for random data (the same stream unless {@link #separateDataChannel()}). */
    default int readData(byte[] buf, int off, int len, long deadlineNanos) throws IOException {
        return read(buf, off, len, deadlineNanos);
    }

    /** Drops whatever input has already arrived on every channel, without waiting; returns how many bytes. */
    long discardInput() throws IOException;

    /** True when random data arrives on its own channel (tcpudp): then STOP's reply is never mixed with data. */
    default boolean separateDataChannel() {
        return false;
    }

    /** For messages: the interface and address, e.g. {@code serial:/dev/ttyUSB0@1000000-8N1}. */
    String describe();
}
