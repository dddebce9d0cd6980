package io.pqrstuv.qrng.emulator.device;

import java.io.IOException;

/**
 * The wire between the emulated device and one host, as the device sees it: a control channel for
 * commands and replies, and a data channel for random data — the same byte stream on a serial line
 * or a TCP connection, UDP datagrams on tcpudp. Used by one {@link Session} thread only.
 */
public interface HostLink extends AutoCloseable {
    int READABLE = 1;
    int WRITABLE = 2;
    /** The host is gone for good (TCP connection closed); the session ends. */
    int CLOSED = 8;

    /**
     * Waits up to {@code timeoutMillis} (0 = just look) until the host sent something, or, when
     * {@code wantDataRoom}, until the data channel can take more. Returns a mask of the constants above.
     */
    int await(boolean wantDataRoom, int timeoutMillis) throws IOException;

    /** Reads what the host sent, without blocking: 0 if nothing, -1 if the link ended. */
    int read(byte[] buf) throws IOException;

    /**
     * Sends one reply on the control channel as one write. Waits a short while for room if the host
     * is slow; a host that does not read at all loses it, as on a UART.
     */
    void writeReply(byte[] reply) throws IOException;

    /** Puts data on the data channel without blocking; returns how much was taken (the rest is the caller's). */
    int writeData(byte[] b, int off, int len) throws IOException;

    /** True when data and replies share one byte stream (serial, tcp): an in-stream NACK is then data. */
    boolean sharedStream();

    /**
     * Largest useful write of data at once (a datagram size on UDP), and the pace the data channel
     * must keep, in bytes per second (0 = as fast as it takes it).
     */
    default long dataPaceBytesPerSecond() {
        return 0;
    }

    /** Where the host reaches this link, for log lines. */
    String describe();

    @Override
    void close();
}
