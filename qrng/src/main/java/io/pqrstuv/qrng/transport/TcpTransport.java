package io.pqrstuv.qrng.transport;

import io.pqrstuv.qrng.error.QccDisconnectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * The serial byte stream over one TCP connection (pyqcc's undocumented "tcp", notes §3.2 [P]):
 * commands, responses and random data all on the socket, exactly as on a tty.
 */
public class TcpTransport implements QccTransport {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String description;
    private final byte[] scratch = new byte[8192];

    TcpTransport(Socket socket, String description) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.description = description;
    }

    /** Connects to {@code host:port} within {@code connectTimeout}. */
    public static TcpTransport connect(String host, int port, Duration connectTimeout) throws IOException {
        return new TcpTransport(connectSocket(host, port, connectTimeout), "tcp:" + host + ":" + port);
    }

    static Socket connectSocket(String host, int port, Duration connectTimeout) throws IOException {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("TCP port must be 1..65535, got " + port);
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true); // a one-byte command must not wait for Nagle
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectTimeout.toMillis()));
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return s;
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void write(byte[] frame) throws IOException {
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            throw new QccDisconnectedException("write to " + description + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, long deadlineNanos) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        long left = deadlineNanos - System.nanoTime();
        try {
            if (left <= 0) {
                int available = in.available();
                return available > 0 ? in.read(buf, off, Math.min(len, available)) : 0;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
            int n = in.read(buf, off, len);
            if (n < 0) {
                throw new QccDisconnectedException(description + ": the device closed the connection");
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (QccDisconnectedException e) {
            throw e;
        } catch (IOException e) {
            throw new QccDisconnectedException(description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long discardInput() throws IOException {
        long total = 0;
        int available;
        while ((available = in.available()) > 0) {
            int n = in.read(scratch, 0, Math.min(available, scratch.length));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return describe();
    }
}
