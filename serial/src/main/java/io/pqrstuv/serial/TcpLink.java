package io.pqrstuv.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * A link over one TCP connection, for serial-over-IP bridges (e.g. {@code socat tcp-listen:… /dev/ttyS0}).
 * The client side connects; the storage-module side accepts exactly one connection and then stops
 * listening, so it never holds more than one I/O channel.
 */
public final class TcpLink implements Link {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String description;
    private final Object writeLock = new Object();
    private int soTimeoutMillis = -1;

    private TcpLink(Socket socket, String description) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true); // a byte link: never hold small frames back
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.description = description;
    }

    /** Connects to {@code host:port}. */
    public static TcpLink connect(String host, int port) throws IOException {
        return connect(host, port, CONNECT_TIMEOUT);
    }

    public static TcpLink connect(String host, int port, Duration connectTimeout) throws IOException {
        Objects.requireNonNull(host, "host");
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve TCP link host '" + host + "'");
        }
        Socket s = new Socket();
        try {
            s.connect(address, Timeouts.millis(connectTimeout));
            return new TcpLink(s, "tcp:" + host + ":" + port);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect TCP link to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Listens on {@code host:port}, accepts one connection and stops listening. */
    public static TcpLink acceptOne(String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve TCP listen address '" + host + "'");
        }
        ServerSocket server = new ServerSocket();
        try {
            server.bind(address, 1);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for the TCP link on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return acceptOne(server);
    }

    /** Accepts one connection on an already bound socket, then closes the listening socket. */
    public static TcpLink acceptOne(ServerSocket server) throws IOException {
        try (server) {
            Socket s = server.accept();
            try {
                return new TcpLink(s, "tcp-accepted:" + s.getRemoteSocketAddress());
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int millis = Timeouts.millis(timeout);
        if (len == 0) {
            return 0;
        }
        try {
            if (millis == 0) { // SO_TIMEOUT 0 would block forever: poll instead
                int available = in.available();
                return available == 0 ? 0 : normalise(in.read(buf, off, Math.min(len, available)));
            }
            if (millis != soTimeoutMillis) {
                socket.setSoTimeout(millis);
                soTimeoutMillis = millis;
            }
            return normalise(in.read(buf, off, len));
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (SocketException e) {
            if (socket.isClosed()) {
                return -1; // closed locally while reading
            }
            throw new IOException("TCP link " + description + " failed: " + e.getMessage(), e);
        }
    }

    private static int normalise(int n) {
        return n < 0 ? -1 : n;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        synchronized (writeLock) {
            if (socket.isClosed()) {
                throw new IOException("TCP link " + description + " is closed");
            }
            out.write(buf, off, len);
            out.flush();
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** The local port, e.g. to learn an ephemeral port. */
    public int localPort() {
        return socket.getLocalPort();
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
