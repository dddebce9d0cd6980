package io.pqrstuv.serial;

import java.io.IOException;
import java.time.Duration;

/**
 * A duplex byte stream between the two modules: a serial port, a TCP bridge or an in-memory
 * pipe. One thread reads and any number write (writes are serialised by the implementation).
 */
public interface Link extends AutoCloseable {

    /**
     * Reads up to {@code len} bytes, blocking at most {@code timeout}.
     *
     * @return the number of bytes read, 0 when the timeout passed with nothing to read, or -1
     *     when the link is closed or its peer hung up
     */
    int read(byte[] buf, int off, int len, Duration timeout) throws IOException;

    /** Writes all {@code len} bytes; returns once they have been handed to the line. */
    void write(byte[] buf, int off, int len) throws IOException;

    default void write(byte[] buf) throws IOException {
        write(buf, 0, buf.length);
    }

    /** Human-readable description, e.g. {@code serial:/dev/pts/3@9600-8N1}; never secret. */
    String describe();

    @Override
    void close() throws IOException;
}
