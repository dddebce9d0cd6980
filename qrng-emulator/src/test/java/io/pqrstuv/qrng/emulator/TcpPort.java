package io.pqrstuv.qrng.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A host on the emulator's TCP port (the serial stream over TCP). */
public final class TcpPort implements HostPort {
    private final Socket socket;
    private final InputStream in;

    public TcpPort(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    @Override
    public void write(byte[] b) throws IOException {
        socket.getOutputStream().write(b);
    }

    @Override
    public int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        socket.setSoTimeout(Math.max(1, timeoutMillis));
        try {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new IOException("connection closed by the emulator");
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public void flushInput() throws IOException {
        int n;
        while ((n = in.available()) > 0) {
            in.skipNBytes(n);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
